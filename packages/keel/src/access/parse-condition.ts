import type { Condition, Exists, Operand, Span } from './condition-ast.ts';

/** Where and why a condition does not parse: `offset` is the character of the condition the problem starts at. */
export interface ConditionSyntaxError {
  readonly message: string;
  readonly offset: number;
}

export type ParsedCondition =
  { readonly ok: true; readonly condition: Condition } | { readonly ok: false; readonly error: ConditionSyntaxError };

type TokenKind = 'word' | 'string' | 'number' | 'symbol' | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  /** The string's value without quotes, the number's value. */
  readonly value: string | number;
  readonly start: number;
  readonly end: number;
}

const keywords = new Set(['and', 'or', 'is', 'not', 'null', 'exists', 'where', 'true', 'false']);

class SyntaxFailure extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
  }
}

/**
 * Parses a condition of decision record 0006 by recursive descent:
 *
 *     condition  := conjunction ("or" conjunction)*
 *     conjunction := term ("and" term)*
 *     term       := "(" condition ")" | "exists" "(" table "where" condition ")" | operand ("=" | "!=") operand
 *                 | operand "is" ["not"] "null"
 *     operand    := "row." name | "other." name | "principal.id" | "principal.tenant" | "path." name
 *                 | 'string' | "string" | number | "true" | "false"
 *
 * Keywords are case-insensitive; `other.` is only valid inside `exists`, and `exists` does not nest.
 *
 * @example
 * parseCondition('row.created_by = principal.id or row.status is null');
 */
export function parseCondition(text: string): ParsedCondition {
  try {
    const parser = new Parser(tokenize(text));
    const condition = parser.condition();
    parser.expectEnd();
    return { ok: true, condition };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: { message: error.message, offset: error.offset } };
    throw error;
  }
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index] ?? '';
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const start = index;
    if (char === "'" || char === '"') {
      let value = '';
      index += 1;
      for (;;) {
        if (index >= text.length) throw new SyntaxFailure(`the string opened here is not closed with ${char}`, start);
        const next = text[index] ?? '';
        if (next === char && text[index + 1] === char) {
          value += char; // a doubled quote stands for itself, as in SQL
          index += 2;
        } else if (next === char) {
          index += 1;
          break;
        } else {
          value += next;
          index += 1;
        }
      }
      tokens.push({ kind: 'string', text: text.slice(start, index), value, start, end: index });
      continue;
    }
    const number = /^-?\d+(\.\d+)?/.exec(text.slice(index));
    if (number !== null) {
      index += number[0].length;
      tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), start, end: index });
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(index));
    if (word !== null) {
      index += word[0].length;
      tokens.push({ kind: 'word', text: word[0], value: word[0], start, end: index });
      continue;
    }
    const symbol = ['!=', '<>', '=', '(', ')'].find((candidate) => text.startsWith(candidate, index));
    if (symbol === undefined) throw new SyntaxFailure(`unexpected character ${JSON.stringify(char)}`, start);
    if (symbol === '<>') throw new SyntaxFailure('write != for "not equal"', start);
    index += symbol.length;
    tokens.push({ kind: 'symbol', text: symbol, value: symbol, start, end: index });
  }
  tokens.push({ kind: 'end', text: '', value: '', start: text.length, end: text.length });
  return tokens;
}

class Parser {
  readonly #tokens: readonly Token[];
  #position = 0;
  #exists: Exists | 'parsing' | undefined;

  constructor(tokens: readonly Token[]) {
    this.#tokens = tokens;
  }

  condition(): Condition {
    const first = this.conjunction();
    const terms = [first];
    while (this.#isWord('or')) {
      this.#next();
      terms.push(this.conjunction());
    }
    return terms.length === 1 ? first : freeze({ kind: 'or', terms: freeze(terms), span: spanOf(terms) });
  }

  expectEnd(): void {
    const token = this.#peek();
    if (token.kind === 'end') return;
    if (token.text === ')') throw new SyntaxFailure('this ) closes no (', token.start);
    throw new SyntaxFailure(`expected "and", "or" or the end of the condition, found ${describe(token)}`, token.start);
  }

  conjunction(): Condition {
    const first = this.term();
    const terms = [first];
    while (this.#isWord('and')) {
      this.#next();
      terms.push(this.term());
    }
    return terms.length === 1 ? first : freeze({ kind: 'and', terms: freeze(terms), span: spanOf(terms) });
  }

  term(): Condition {
    const token = this.#peek();
    if (token.text === '(') {
      this.#next();
      const inner = this.condition();
      this.#expectSymbol(')', `expected ) to close the ( at column ${String(token.start + 1)}`);
      return inner;
    }
    if (this.#isWord('exists')) return this.#exists_();
    const left = this.operand();
    const operator = this.#peek();
    if (operator.text === '=' || operator.text === '!=') {
      this.#next();
      const right = this.operand();
      return freeze({
        kind: 'comparison',
        operator: operator.text,
        left,
        right,
        span: { start: left.span.start, end: right.span.end },
      });
    }
    if (this.#isWord('is')) {
      this.#next();
      const negated = this.#isWord('not');
      if (negated) this.#next();
      const nullToken = this.#peek();
      if (!this.#isWord('null')) {
        throw new SyntaxFailure(
          `expected null after "is${negated ? ' not' : ''}", found ${describe(nullToken)}`,
          nullToken.start,
        );
      }
      this.#next();
      return freeze({
        kind: 'null-check',
        operand: left,
        negated,
        span: { start: left.span.start, end: nullToken.end },
      });
    }
    throw new SyntaxFailure(`expected =, != or "is" after the operand, found ${describe(operator)}`, operator.start);
  }

  operand(): Operand {
    const token = this.#next();
    const span: Span = { start: token.start, end: token.end };
    if (token.kind === 'string' || token.kind === 'number')
      return freeze({ kind: 'literal', value: token.value, span });
    if (token.kind !== 'word') throw new SyntaxFailure(`expected an operand, found ${describe(token)}`, token.start);
    const lower = token.text.toLowerCase();
    if (lower === 'true' || lower === 'false') return freeze({ kind: 'literal', value: lower === 'true', span });
    const [head = '', ...rest] = token.text.split('.');
    const name = rest.join('.');
    const scope = head.toLowerCase();
    if (rest.length !== 1) {
      throw new SyntaxFailure(
        `expected an operand (row.<column>, principal.id, principal.tenant, path.<parameter>, a string, a number, true or false), found ${describe(token)}`,
        token.start,
      );
    }
    if (scope === 'row') return freeze({ kind: 'column', scope: 'row', name, span });
    if (scope === 'other') {
      if (this.#exists !== 'parsing') {
        throw new SyntaxFailure(
          'other.<column> names the related row of exists(…); it is valid only inside exists',
          token.start,
        );
      }
      return freeze({ kind: 'column', scope: 'other', name, span });
    }
    if (scope === 'path') return freeze({ kind: 'path', name, span });
    if (scope === 'principal') {
      if (name !== 'id' && name !== 'tenant') {
        throw new SyntaxFailure(`the principal has id and tenant, not ${name}`, token.start + head.length + 1);
      }
      return freeze({ kind: 'principal', attribute: name, span });
    }
    throw new SyntaxFailure(
      `${head} is not an operand's scope; expected row, principal, path (or other, inside exists)`,
      token.start,
    );
  }

  #exists_(): Exists {
    const keyword = this.#next();
    if (this.#exists !== undefined) {
      throw new SyntaxFailure('exists does not nest: a condition may follow one relationship', keyword.start);
    }
    this.#expectSymbol('(', 'expected ( after exists');
    const table = this.#next();
    if (table.kind !== 'word' || keywords.has(table.text.toLowerCase())) {
      throw new SyntaxFailure(`expected a table name after exists(, found ${describe(table)}`, table.start);
    }
    if (!this.#isWord('where')) {
      throw new SyntaxFailure(
        `expected "where" after the table name, found ${describe(this.#peek())}`,
        this.#peek().start,
      );
    }
    this.#next();
    this.#exists = 'parsing';
    const where = this.condition();
    this.#exists = undefined;
    const close = this.#expectSymbol(')', `expected ) to close exists( at column ${String(keyword.start + 1)}`);
    return freeze({
      kind: 'exists',
      table: table.text,
      tableSpan: { start: table.start, end: table.end },
      where,
      span: { start: keyword.start, end: close.end },
    });
  }

  #peek(): Token {
    return this.#tokens[this.#position] ?? (this.#tokens.at(-1) as Token);
  }

  #next(): Token {
    const token = this.#peek();
    if (token.kind !== 'end') this.#position += 1;
    return token;
  }

  #isWord(word: string): boolean {
    const token = this.#peek();
    return token.kind === 'word' && token.text.toLowerCase() === word;
  }

  #expectSymbol(symbol: string, message: string): Token {
    const token = this.#peek();
    if (token.text !== symbol || token.kind !== 'symbol') {
      throw new SyntaxFailure(`${message}, found ${describe(token)}`, token.start);
    }
    return this.#next();
  }
}

function describe(token: Token): string {
  return token.kind === 'end' ? 'the end of the condition' : JSON.stringify(token.text);
}

function spanOf(terms: readonly Condition[]): Span {
  return { start: terms[0]?.span.start ?? 0, end: terms.at(-1)?.span.end ?? 0 };
}

function freeze<T extends object>(value: T): T {
  return Object.freeze(value);
}
