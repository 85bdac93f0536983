// INTERIM — deleted when `createBlockageClient` lands in @blockage/client's (browser-safe) root entry. Until then it
// gives the page that front door's contract over the SDK's own sources: `createBlockageClient({ runner, deployment })`
// returning the TypeChain-typed contracts and the actions the page uses, each with one params object.
import type { ContractRunner } from "ethers";
import {
  NodeRegistry__factory,
  SeedBeacon__factory,
  Lottery__factory,
  Rollup__factory,
  ProverCoordinator__factory,
  StakeToken__factory,
  PayoutDistributor__factory,
} from "../../../client/src/typechain";
import { getEpochStatus } from "../../../client/src/rollup/epoch-status";
import { getRewards } from "../../../client/src/rollup/rewards";
import { bestProposal, designatedProver } from "../../../client/src/lottery/results";
import { getActiveSetWeight, type GetActiveSetWeightParameters } from "../../../client/src/lottery/active-set-weight";
import { getConfirmation, type GetConfirmationParameters } from "../../../client/src/rollup/confirmation";
import { getEpochBlocks, type GetEpochBlocksParameters } from "../../../client/src/rollup/chain";
import { getNodeStatus, type GetNodeStatusParameters } from "../../../client/src/registry/node-status";

import type { ContractAddresses as Addresses } from "../feed";

function addressesOf(deployment: Record<string, unknown>): Addresses {
  if (typeof deployment.rollup === "string") return deployment as unknown as Addresses;
  const at = (name: string) => (deployment[name] as { address?: string } | undefined)?.address;
  return {
    registry: at("NodeRegistry")!,
    beacon: at("SeedBeacon")!,
    lottery: at("Lottery")!,
    rollup: at("Rollup")!,
    coordinator: at("ProverCoordinator")!,
    stakeToken: at("StakeToken")!,
    payoutDistributor: at("PayoutDistributor"),
  };
}

export function createBlockageClient({
  runner,
  deployment,
}: {
  runner: ContractRunner;
  deployment: Record<string, unknown>;
}) {
  const a = addressesOf(deployment);
  const contracts = {
    registry: NodeRegistry__factory.connect(a.registry, runner),
    beacon: SeedBeacon__factory.connect(a.beacon, runner),
    lottery: Lottery__factory.connect(a.lottery, runner),
    rollup: Rollup__factory.connect(a.rollup, runner),
    coordinator: ProverCoordinator__factory.connect(a.coordinator, runner),
    stakeToken: StakeToken__factory.connect(a.stakeToken, runner),
    payoutDistributor:
      a.payoutDistributor === undefined ? undefined : PayoutDistributor__factory.connect(a.payoutDistributor, runner),
  };
  return {
    contracts,
    coordinator: {
      getEpochStatus: ({ epoch }: { epoch: bigint }) => getEpochStatus(contracts.coordinator, epoch),
      getRewards: ({ account }: { account: string }) => getRewards(contracts.coordinator, account),
    },
    lottery: {
      bestProposal: ({ slot }: { slot: bigint }) => bestProposal(contracts.lottery, slot),
      designatedProver: ({ epoch }: { epoch: bigint }) => designatedProver(contracts.lottery, epoch),
      getActiveSetWeight: (params: GetActiveSetWeightParameters) => getActiveSetWeight(contracts.lottery, params),
    },
    rollup: {
      getConfirmation: (params: GetConfirmationParameters) => getConfirmation(contracts.rollup, params),
      getEpochBlocks: (params: GetEpochBlocksParameters) => getEpochBlocks(contracts.rollup, params),
    },
    registry: {
      getNodeStatus: (params: GetNodeStatusParameters) => getNodeStatus(contracts.registry, params),
    },
  };
}
