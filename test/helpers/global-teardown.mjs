export default async function globalTeardown() {
  await globalThis.__DUNNING_POSTGRES__?.stop();
}
