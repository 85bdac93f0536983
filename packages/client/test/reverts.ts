// Asserting that an SDK action fails with a decoded contract error, shared by the integration tests.
import { expect } from "vitest";
import { ContractRevertError } from "../src/contract-errors";

/** Expects a promise to reject with a decoded revert of `errorName` (one-line message) and returns the error. */
export async function reverts(promise: Promise<unknown>, errorName: string): Promise<ContractRevertError> {
  const error = await promise.then(
    () => expect.fail(`expected ${errorName}, but the call succeeded`),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ContractRevertError);
  expect((error as ContractRevertError).errorName).toBe(errorName);
  expect((error as ContractRevertError).shortMessage).not.toContain("\n");
  return error as ContractRevertError;
}
