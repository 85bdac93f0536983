// The page's one door to the SDK: everything it reads from the chain goes through `createBlockageClient`.
// (Switch-over point: the front door comes from @blockage/client's root entry once it is browser-safe.)
export { createBlockageClient } from "./interim-client";
export { winProbability } from "@blockage/client/lottery";

/** The client the page reads the chain with. */
export type BlockageClient = ReturnType<typeof import("./interim-client").createBlockageClient>;
