// The prover lottery: who submits a ticket and how the tickets are ranked.
import { compareTickets, raceTime } from "@blockage/client/lottery";
import { describe, expect, it } from "vitest";
import { drawEpoch } from "./epoch-draws";
import { simulationConfig } from "./config";
import { drawPopulation } from "./population";
import { proverLottery } from "./prover-lottery";
import { vrfOutputOf } from "./vrf-output";

describe("proverLottery", () => {
  const config = simulationConfig({ seed: "lottery", provers: 400 });
  const population = drawPopulation(config);

  it("ranks the online provers' submitted tickets by the SDK's race times, best first", () => {
    for (let epoch = 0; epoch < 20; epoch++) {
      const draws = drawEpoch(config, population.provers, epoch);
      const tickets = proverLottery(population, draws);
      expect(tickets.length).toBeGreaterThan(0);
      for (const t of tickets) {
        expect(draws.online[t.prover]).toBe(1);
        expect(t.raceTime).toBe(raceTime(vrfOutputOf(draws.lotteryU[t.prover]), population.weight(t.prover, epoch)));
      }
      for (let i = 1; i < tickets.length; i++) expect(compareTickets(tickets[i - 1], tickets[i])).toBe(-1);
      // The best of every online prover's ticket is among the submitted ones (the filter only drops hopeless ones).
      let best = { raceTime: 2n ** 255n, tieBreak: 0n };
      for (let p = 0; p < population.provers.length; p++) {
        if (!draws.online[p]) continue;
        const t = raceTime(vrfOutputOf(draws.lotteryU[p]), population.weight(p, epoch));
        if (t < best.raceTime) best = { raceTime: t, tieBreak: 0n };
      }
      expect(tickets[0].raceTime).toBe(best.raceTime);
    }
  });
});
