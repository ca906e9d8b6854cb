/** The report's stylesheet: inline, system fonts only, light and dark, readable when printed. */
export const reportStyle = `
:root{--bg:#fbfbfa;--fg:#1d2125;--muted:#5f6b76;--line:#e3e6e8;--card:#fff;--accent:#1f5fbf;--good:#1a7f37;--good-bg:#e6f4ea;--bad:#c62828;--bad-bg:#fdeaea;--warn:#9a6700;--warn-bg:#fff4d6;--neutral-bg:#f1f3f4;--code-bg:#f3f4f6;color-scheme:light dark}
@media (prefers-color-scheme:dark){:root{--bg:#14171a;--fg:#e6e8ea;--muted:#9aa5b1;--line:#2c3238;--card:#1b1f23;--accent:#7fb0ff;--good:#5cc879;--good-bg:#17301f;--bad:#ff7b72;--bad-bg:#3a1d1d;--warn:#e3b341;--warn-bg:#33290f;--neutral-bg:#23282d;--code-bg:#23282d}}
*{box-sizing:border-box}
html{scroll-behavior:smooth;scroll-padding-top:1rem}
body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.88em}
code{background:var(--code-bg);padding:.05em .3em;border-radius:4px}
pre.code{background:var(--code-bg);padding:.75rem 1rem;border-radius:6px;overflow-x:auto;line-height:1.4;white-space:pre-wrap;overflow-wrap:anywhere}
pre.code code{background:none;padding:0}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.layout{display:grid;grid-template-columns:15rem minmax(0,1fr);max-width:90rem;margin:0 auto}
nav.toc{position:sticky;top:0;align-self:start;height:100vh;overflow-y:auto;padding:1.5rem 1rem;border-right:1px solid var(--line);font-size:.92em}
nav.toc ol{list-style:none;margin:0;padding:0}nav.toc li{margin:.15rem 0}
nav.toc a{display:flex;gap:.5rem;align-items:center;padding:.2rem .4rem;border-radius:5px;color:var(--fg)}
nav.toc a:hover{background:var(--neutral-bg);text-decoration:none}
nav.toc .brand{font-weight:700;font-size:1.05em;margin-bottom:1rem}
main{padding:1.5rem 2.5rem 4rem;min-width:0}
header.page{border-bottom:1px solid var(--line);padding-bottom:1rem;margin-bottom:1.5rem}
header.page h1{margin:.2rem 0;font-size:1.9rem;letter-spacing:-.01em}
.eyebrow{color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:.75rem;font-weight:600}
section{margin:0 0 3rem;padding-top:.5rem}
h2{font-size:1.45rem;margin:0 0 .4rem;display:flex;align-items:center;gap:.6rem;flex-wrap:wrap;border-bottom:1px solid var(--line);padding-bottom:.35rem}
h3{font-size:1.1rem;margin:1.6rem 0 .5rem}
h4,h5,h6{font-size:1rem;margin:1.2rem 0 .4rem}
.number{display:inline-flex;align-items:center;justify-content:center;min-width:1.7em;height:1.7em;border-radius:50%;background:var(--neutral-bg);font-size:.8em;font-weight:700}
.lead{color:var(--muted);margin:.2rem 0 1rem;max-width:60rem}
.quiet{color:var(--muted)}
.nowrap{white-space:nowrap}
.gap{color:var(--bad);font-style:italic}
.badge{display:inline-block;padding:.08em .55em;border-radius:999px;font-size:.78rem;font-weight:600;background:var(--neutral-bg);color:var(--muted);white-space:nowrap;vertical-align:middle}
.state-passing.badge,.badge.tone-good,.badge.decision-accepted,.badge.change-non-breaking{background:var(--good-bg);color:var(--good)}
.state-failing.badge,.badge.tone-bad,.badge.change-breaking,.badge.decision-rejected{background:var(--bad-bg);color:var(--bad)}
.state-stale.badge,.badge.tone-warn,.badge.change-possibly-breaking,.badge.decision-proposed{background:var(--warn-bg);color:var(--warn)}
.dot{width:.6rem;height:.6rem;border-radius:50%;background:var(--line);flex:none}
.dot.state-passing{background:var(--good)}.dot.state-failing{background:var(--bad)}.dot.state-stale{background:var(--warn)}
ol.stage-cards{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(15.5rem,1fr));gap:.8rem}
.stage-card{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:8px;padding:.75rem .9rem}
.stage-card.state-passing{border-left-color:var(--good)}.stage-card.state-failing{border-left-color:var(--bad)}.stage-card.state-stale{border-left-color:var(--warn)}
.stage-card .card-link{display:flex;align-items:center;gap:.5rem;font-weight:650;color:var(--fg);margin-bottom:.35rem}
.stage-card p{margin:.3rem 0;font-size:.88em}
.stage-card ul.reasons{margin:.3rem 0 0;padding-left:1.1rem;font-size:.82em;color:var(--muted)}
.counts .count{margin-right:.5rem}.count.error{color:var(--bad)}.count.warning{color:var(--warn)}.count.info{color:var(--muted)}.count.zero{color:var(--muted);opacity:.8}
.callout{background:var(--neutral-bg);border-radius:6px;padding:.6rem .9rem;margin:.8rem 0}
.callout p{margin:.2rem 0}.callout ul{margin:.3rem 0}
.callout.warn{background:var(--warn-bg)}.callout.good{background:var(--good-bg)}
dl.facts{display:flex;flex-wrap:wrap;gap:.4rem 1.6rem;margin:.8rem 0}
dl.facts div{display:flex;flex-direction:column}
dl.facts dt{color:var(--muted);font-size:.75rem;text-transform:uppercase;letter-spacing:.05em}
dl.facts dd{margin:0;font-weight:550}
details{margin:.5rem 0}summary{cursor:pointer;color:var(--muted)}
.table-scroll{overflow-x:auto;margin:.6rem 0}
table{border-collapse:collapse;width:100%;font-size:.9em;background:var(--card)}
th,td{border:1px solid var(--line);padding:.4rem .55rem;text-align:left;vertical-align:top}
thead th{background:var(--neutral-bg);font-weight:650;white-space:nowrap}
tbody th{font-weight:normal}
td.num{text-align:right;font-variant-numeric:tabular-nums}
td.tone-good{background:var(--good-bg);color:var(--good)}td.tone-warn{background:var(--warn-bg);color:var(--warn)}td.tone-bad{background:var(--bad-bg);color:var(--bad)}td.tone-neutral{color:var(--muted)}
h3.tone-good::after,h4.tone-good::after{content:" ✓";color:var(--good)}h3.tone-bad::after,h4.tone-bad::after{content:" ✗";color:var(--bad)}
h4.tone-good{color:var(--fg)}h4.tone-bad{color:var(--bad)}
.sub{color:var(--muted);font-size:.85em;margin-top:.15rem}
.location{color:var(--muted);font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.82em;word-break:break-all}
ul.plain{list-style:none;margin:0;padding:0}
.method{display:inline-block;min-width:3.6em;font-weight:700;font-size:.78em;font-family:ui-monospace,monospace}
.method.get{color:var(--good)}.method.post{color:var(--accent)}.method.put,.method.patch{color:var(--warn)}.method.delete{color:var(--bad)}
tr:target{outline:2px solid var(--accent);outline-offset:-2px}
.finding-group>summary{font-weight:600;color:var(--fg);margin:.4rem 0}
ol.findings{list-style:none;padding:0;margin:.3rem 0}
.finding{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:.5rem .8rem;margin:.45rem 0;background:var(--card)}
.finding.error{border-left-color:var(--bad)}.finding.warning{border-left-color:var(--warn)}
.finding p{margin:.25rem 0}.finding .fix{color:var(--muted);font-size:.92em}
.finding .label{font-weight:650;color:var(--fg);margin-right:.3rem}
.severity{font-weight:700;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em}
.severity.error{color:var(--bad)}.severity.warning{color:var(--warn)}.severity.info{color:var(--muted)}
code.rule{font-size:.8em}
figure.diagram{margin:.8rem 0;background:var(--card);border:1px solid var(--line);border-radius:8px}
.diagram-scroll{overflow:auto;padding:.5rem}
ol.flows{columns:2 26rem;column-gap:3rem;font-size:.88em;margin:0;padding:.6rem 1rem .8rem 2.4rem;border-top:1px solid var(--line)}
ol.flows li{break-inside:avoid;margin:.1rem 0}
td:first-child code,th code,a.ref code{white-space:nowrap}
svg.flowchart{display:block;margin:0 auto;max-width:100%;height:auto;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
svg.flowchart .shape{fill:var(--card);stroke:var(--accent);stroke-width:1.4}
svg.flowchart .external .shape{fill:var(--neutral-bg);stroke:var(--muted)}
svg.flowchart text{fill:var(--fg);text-anchor:middle}
svg.flowchart text.title{font-size:13px;font-weight:700}
svg.flowchart text.detail{font-size:11.5px;fill:var(--muted)}
svg.flowchart .node:target .shape{stroke-width:3}
svg.flowchart .edge{fill:none;stroke:var(--muted);stroke-width:1.3}
svg.flowchart .edge.dotted{stroke-dasharray:5 4;opacity:.75}
svg.flowchart .edge.thick{stroke-width:2.6}
svg.flowchart .arrowhead{fill:var(--muted)}
svg.flowchart .edge-label rect{fill:var(--bg);stroke:var(--muted);stroke-width:.8}
svg.flowchart .edge-label text{font-size:11px;font-weight:650;fill:var(--fg)}
footer{color:var(--muted);font-size:.85em;border-top:1px solid var(--line);padding-top:1rem}
@media (max-width:60rem){.layout{grid-template-columns:1fr}nav.toc{position:static;height:auto;border-right:0;border-bottom:1px solid var(--line)}main{padding:1rem}}
@media print{nav.toc{display:none}.layout{display:block}details{display:block}section{break-inside:avoid-page}}
`;
