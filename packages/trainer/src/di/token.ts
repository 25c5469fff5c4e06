import type { DependencyContainer } from 'tsyringe';

/** A DI token that carries the type it resolves to, so `resolve` needs no cast at call sites. */
export type Token<T> = symbol & { readonly __type?: T };

/** A new typed token; the name shows in tsyringe's errors. */
export const token = <T>(name: string): Token<T> => Symbol(name) as Token<T>;

/** Resolves a typed token. */
export const resolve = <T>(c: DependencyContainer, t: Token<T>): T => c.resolve<T>(t);
