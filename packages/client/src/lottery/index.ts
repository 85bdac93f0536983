/**
 * `@blockage/client/lottery`: the age-weighted exponential race of DESIGN §4, bit-exact with the contract's
 * `LotteryLib` (weights, race times, boosts by FEE_SPLIT / FEE_BURN, tie-breaks, ticket order) plus the win
 * probabilities for submit decisions.
 * Depends on no Ethereum library, so it runs anywhere.
 *
 * @module
 */
export {
  LN_2_POW_64,
  LOTTERY_DEFAULTS,
  MAX_AGE_CAP,
  MAX_ALPHA,
  MAX_BETA,
  MAX_GAMMA,
  RACE_TIME_INSTANT,
  RACE_TIME_NEVER,
  boostedRaceTime,
  boostedWinProbability,
  compareTickets,
  lotteryWeight,
  raceTime,
  tieBreak,
  uFromBeta,
  validateLotteryParams,
  winProbability,
} from "./math";
export type { BoostedWinProbabilityParameters, LotteryParams, LotteryTicket } from "./math";
export { EXP_WAD_INPUT_LIMIT, EXP_WAD_ZERO_BELOW, expWad, lnWad, sMulWad } from "./fixed-point";
export { LOTTERY_CONTRACT_ERRORS, LotteryError } from "./errors";
export type { LotteryErrorCode } from "./errors";
// The base classes of the errors above, so that the ethers-free entry can check every error it throws.
export { BlockageError, InvalidParameterError } from "../errors";
