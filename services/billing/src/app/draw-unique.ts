/** Draws a number until its claim wins (a clash is astronomically rare, never an error). */
export async function drawUnique<T>(draw: () => T, claim: (value: T) => Promise<boolean>): Promise<T> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const value = draw();
    if (await claim(value)) return value;
  }
  throw new Error('could not allocate a unique number');
}
