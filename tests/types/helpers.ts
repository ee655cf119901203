// Type-level assertions: `expectType<Equal<A, B>>(true)` fails to compile unless A and B are
// the same type; `IsAny` catches a type that silently became `any`.
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export type IsAny<T> = 0 extends 1 & T ? true : false;
export type Not<T extends boolean> = T extends true ? false : true;
export function expectType<T extends true>(_ok: T): void {}
export function assignable<T>(_value: T): void {}
