/** The NestJS peer (nest-conduit.js, plain JavaScript) as the TypeScript side calls it. */
export declare function buildNestConduit(databaseUrl: string): Promise<{
  listen(port: number): Promise<void>;
  close(): Promise<void>;
}>;
