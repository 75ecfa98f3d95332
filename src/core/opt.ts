/** `{ [key]: value }` when there is a value, else `{}`: spread into an object so an absent field stays absent. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
