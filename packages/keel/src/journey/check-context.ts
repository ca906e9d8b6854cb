import { resolve } from 'node:path';
import { isKeelError } from '../errors/index.ts';
import type { Project } from '../project/index.ts';
import { readSourceFile, type SourceFile } from '../source/index.ts';
import type { CheckContext, CheckOptions, Loaded, Stage } from './stage.ts';

/** A context for one run of gates: every artifact is read and every model loaded at most once. */
export function createCheckContext(
  project: Project,
  options: CheckOptions = {},
): CheckContext & {
  loaded<Model>(stage: Stage<Model>): Promise<Loaded<Model>>;
} {
  const sources = new Map<string, Promise<SourceFile>>();
  const models = new Map<Stage, Promise<Loaded<unknown>>>();
  const context = {
    project,
    options,
    source(relativePath: string): Promise<SourceFile> {
      let source = sources.get(relativePath);
      if (source === undefined) {
        source = readSourceFile(resolve(project.root, relativePath), project.root);
        sources.set(relativePath, source);
      }
      return source;
    },
    loaded<Model>(stage: Stage<Model>): Promise<Loaded<Model>> {
      let loaded = models.get(stage);
      if (loaded === undefined) {
        loaded = stage.load(context);
        models.set(stage, loaded);
      }
      return loaded as Promise<Loaded<Model>>;
    },
    async model<Model>(stage: Stage<Model>): Promise<Model | undefined> {
      try {
        return (await context.loaded(stage)).model;
      } catch (error) {
        if (isKeelError(error)) return undefined; // unreadable: that stage's own gate reports it
        throw error;
      }
    },
  };
  return context;
}
