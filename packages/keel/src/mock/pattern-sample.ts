import { pick, randomInt, type Random } from './seeded-random.ts';

type Node =
  | { readonly kind: 'choice'; readonly options: readonly Node[] }
  | { readonly kind: 'sequence'; readonly items: readonly Node[] }
  | { readonly kind: 'repeat'; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly kind: 'chars'; readonly chars: string };

const digits = '0123456789';
const lower = 'abcdefghijklmnopqrstuvwxyz';
const word = lower + lower.toUpperCase() + digits + '_';
const printable = Array.from({ length: 95 }, (_, index) => String.fromCharCode(32 + index)).join('');
const unboundedExtra = 3;

/**
 * A string matching a regular expression, for the common subset that schemas use: literals, classes and ranges,
 * `\d \w \s`, groups, alternation and quantifiers. Undefined for anything else (look-arounds, back-references).
 *
 * @example
 * samplePattern('^[a-z0-9-]{2,63}$', seededRandom(1)); // e.g. 'k3-x'
 */
export function samplePattern(pattern: string, random: Random): string | undefined {
  let tree: Node;
  try {
    tree = new PatternParser(pattern).parse();
  } catch {
    return undefined;
  }
  const out: string[] = [];
  const emit = (node: Node): void => {
    switch (node.kind) {
      case 'choice':
        emit(pick(random, node.options));
        return;
      case 'sequence':
        for (const item of node.items) emit(item);
        return;
      case 'repeat': {
        const count = randomInt(random, node.min, node.max);
        for (let index = 0; index < count; index++) emit(node.node);
        return;
      }
      case 'chars':
        if (node.chars.length > 0) out.push(node.chars.charAt(Math.floor(random() * node.chars.length)));
        return;
    }
  };
  emit(tree);
  const sample = out.join('');
  return new RegExp(pattern, 'u').test(sample) ? sample : undefined;
}

class PatternParser {
  readonly #source: string;
  #at = 0;

  constructor(source: string) {
    this.#source = source;
  }

  parse(): Node {
    const node = this.#choice();
    if (this.#at < this.#source.length) throw new Error(`unexpected ${this.#source[this.#at]}`);
    return node;
  }

  #peek(): string | undefined {
    return this.#source[this.#at];
  }

  #next(): string {
    const char = this.#source[this.#at++];
    if (char === undefined) throw new Error('unexpected end');
    return char;
  }

  #choice(): Node {
    const options = [this.#sequence()];
    while (this.#peek() === '|') {
      this.#at++;
      options.push(this.#sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { kind: 'choice', options };
  }

  #sequence(): Node {
    const items: Node[] = [];
    for (let char = this.#peek(); char !== undefined && char !== '|' && char !== ')'; char = this.#peek()) {
      const atom = this.#atom();
      if (atom !== undefined) items.push(this.#quantified(atom));
    }
    return { kind: 'sequence', items };
  }

  #atom(): Node | undefined {
    const char = this.#next();
    switch (char) {
      case '^':
      case '$':
        return undefined;
      case '.':
        return { kind: 'chars', chars: word };
      case '(': {
        if (this.#peek() === '?') {
          this.#at++;
          if (this.#next() !== ':') throw new Error('look-arounds and named groups are not sampled');
        }
        const inner = this.#choice();
        if (this.#next() !== ')') throw new Error('unclosed group');
        return inner;
      }
      case '[':
        return { kind: 'chars', chars: this.#characterClass() };
      case '\\':
        return { kind: 'chars', chars: this.#escape() };
      case '*':
      case '+':
      case '?':
      case '{':
        throw new Error(`nothing to repeat at ${this.#at}`);
      default:
        return { kind: 'chars', chars: char };
    }
  }

  #quantified(node: Node): Node {
    let min: number;
    let max: number;
    const char = this.#peek();
    if (char === '*' || char === '+' || char === '?') {
      this.#at++;
      min = char === '+' ? 1 : 0;
      max = char === '?' ? 1 : min + unboundedExtra;
    } else if (char === '{' && /^\{\d+(,\d*)?\}/.test(this.#source.slice(this.#at))) {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.#source.slice(this.#at)) as RegExpExecArray;
      this.#at += match[0].length;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? min + unboundedExtra : Number(match[3]);
    } else {
      return node;
    }
    if (this.#peek() === '?') this.#at++;
    return { kind: 'repeat', node, min, max };
  }

  #characterClass(): string {
    const negated = this.#peek() === '^';
    if (negated) this.#at++;
    let chars = '';
    for (let first = true; this.#peek() !== ']' || first; first = false) {
      const char = this.#next();
      const start = char === '\\' ? this.#escape() : char;
      if (start.length === 1 && this.#peek() === '-' && this.#source[this.#at + 1] !== ']') {
        this.#at++;
        const endChar = this.#next();
        const end = endChar === '\\' ? this.#escape() : endChar;
        for (let code = start.charCodeAt(0); code <= end.charCodeAt(0); code++) chars += String.fromCharCode(code);
      } else {
        chars += start;
      }
    }
    this.#at++;
    if (!negated) return chars;
    let others = '';
    for (const char of printable) if (!chars.includes(char)) others += char;
    return others;
  }

  #escape(): string {
    const char = this.#next();
    switch (char) {
      case 'd':
        return digits;
      case 'w':
        return word;
      case 's':
        return ' ';
      case 'D':
        return lower;
      case 'W':
      case 'S':
        return '-';
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case 'u': {
        const hex = this.#source.slice(this.#at, this.#at + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error('bad \\u escape');
        this.#at += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        if (/[0-9bBpPk]/.test(char)) throw new Error(`\\${char} is not sampled`);
        return char;
    }
  }
}
