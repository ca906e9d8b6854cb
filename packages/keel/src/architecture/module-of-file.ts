import type { ArchitectureModule } from './architecture-model.ts';

/**
 * The module a file belongs to (a path relative to the project root, with `/`): the one with the longest of its paths
 * that is the file or a folder holding it; undefined for code outside every module.
 *
 * @example
 * moduleOfFile(model.modules, 'src/bookings/create-booking.ts')?.name; // 'bookings'
 */
export function moduleOfFile(modules: readonly ArchitectureModule[], file: string): ArchitectureModule | undefined {
  let best: { module: ArchitectureModule; length: number } | undefined;
  for (const module of modules) {
    for (const { value: path } of module.paths) {
      const holds = path === '.' || file === path || file.startsWith(`${path}/`);
      if (holds && (best === undefined || path.length > best.length)) best = { module, length: path.length };
    }
  }
  return best?.module;
}
