import { Type } from '@nestjs/common';
import { Field, FieldMiddleware, Int, ObjectType } from '@nestjs/graphql';
import { AppError } from '../errors/app-error';
import { CursorValueShape, decodeCursor, encodeCursor } from './cursor';

export { encodeCursor } from './cursor';

@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage: boolean;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** A number, or a function run only when a query selects `totalCount` (`resolveLazyCount`). */
  totalCount: number | (() => Promise<number>);
}

/** Resolves a lazy `totalCount` (a function, see `lazyCount`) only when the field is selected. */
const resolveLazyCount: FieldMiddleware = async (_ctx, next) => {
  const value = await next();
  return typeof value === 'function' ? value() : value;
};

/** Builds a Relay connection type `<Name>Connection` with `<Name>Edge`. */
export function ConnectionType<T>(node: Type<T>, name: string) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field()
    cursor: string;

    @Field(() => node)
    node: T;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionTypeImpl {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    @Field(() => Int, { middleware: [resolveLazyCount] })
    totalCount: number;
  }
  return ConnectionTypeImpl;
}

export const MAX_PAGE_SIZE = 500;

/**
 * Validates `first` (1..500) and decodes `after` as a cursor of this list's `shape` (see cursor.ts); bad values
 * are client errors naming the argument.
 */
export function readPageArgs(
  first: number | null | undefined,
  after: string | null | undefined,
  shape: readonly CursorValueShape[],
  defaultSize = 50,
) {
  const size = first ?? defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw AppError.badInput('first', `must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { first: size, after: after ? decodeCursor(after, shape) : null };
}

/** Turns `first + 1` fetched rows into a connection (the extra row only tells whether a next page exists). */
export function toConnection<T>(
  rows: T[],
  first: number,
  cursorOf: (row: T) => unknown[],
  totalCount: number | (() => Promise<number>),
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ node, cursor: encodeCursor(cursorOf(node)) }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/**
 * A count that runs only if a query selects `totalCount`, and at most once per connection (a count over a
 * large table is most of a page's cost, and most pages do not show it).
 */
export function lazyCount(count: () => Promise<number>): () => Promise<number> {
  let result: Promise<number> | null = null;
  return () => (result ??= count());
}
