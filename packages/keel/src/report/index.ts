export { gatherReportData, type ReportData, type StageReport } from './report-data.ts';
export { renderReport } from './report-page.ts';
export { reportFingerprint } from './report-fingerprint.ts';
export { reportPath, writeReport, type WriteReportOptions } from './write-report.ts';
