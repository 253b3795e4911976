/** Injection token of the shared Runtime (services, registry, clock). */
export const RUNTIME = Symbol('RUNTIME');
