import type { ChainState } from "../chain";
import { basisPoints, lnTime, shortHex } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";

/** The latest chunk proofs a Cooperative coordinator kept: prover, chunk, score, FEE_BURN, and whom each replaced. */
export function KeptProofsTable({ chain, names }: { chain: ChainState | null; names: Names }) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  if (chain.cooperative === null) return <Waiting what="Not a Cooperative rollup." />;
  if (chain.cooperative.latestKept.length === 0) return <Waiting what="No chunk proof kept yet." />;
  return (
    <TableRegion label="Kept chunk proofs table">
      <caption class="note">
        Newest first. A chunk keeps its three best proofs: a better score (the ticket's ln t, lowered by the prover's
        FEE_BURN, the share of its reward it gives up) replaces the worst.
      </caption>
      <thead>
        <tr>
          <th scope="col">Block · chunk</th>
          <th scope="col">Prover</th>
          <th scope="col" class="num">
            Score
          </th>
          <th scope="col" class="num">
            FEE_BURN
          </th>
          <th scope="col">Replaced</th>
        </tr>
      </thead>
      <tbody>
        {chain.cooperative.latestKept.map((k) => (
          <tr key={`${k.tx}/${k.chunk}`} data-kept-proof={k.tx} data-prover={names.of(k.prover)}>
            <th scope="row">
              {k.blockNumber === null ? shortHex(k.headerHash) : `#${k.blockNumber}`} · {k.chunk}{" "}
              <span class="sub">e{k.epoch.toString()}</span>
            </th>
            <td title={k.prover}>{names.of(k.prover)}</td>
            <td class="num">{lnTime(k.score)}</td>
            <td class="num">{basisPoints(k.feeBurn)}</td>
            <td>{k.replaced === null ? <span class="muted">a free place</span> : names.of(k.replaced)}</td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
