import type { ChainState } from "../chain";
import { shortHex } from "../format";
import type { Names } from "../names";
import { TableRegion, Waiting } from "./section";

/** CrowdProve payouts published on-chain by job distributors, and which workers claimed theirs. */
export function PayoutsTable({ chain, names }: { chain: ChainState | null; names: Names }) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  if (chain.payouts.length === 0) return <Waiting what="No payout published yet." />;
  return (
    <TableRegion label="Payouts table">
      <thead>
        <tr>
          <th scope="col">Epoch</th>
          <th scope="col">Job distributor</th>
          <th scope="col" class="num">
            Total
          </th>
          <th scope="col">Workers</th>
        </tr>
      </thead>
      <tbody>
        {chain.payouts.map((p) => (
          <tr key={p.tx} data-payout-epoch={p.epoch.toString()}>
            <th scope="row">{p.epoch.toString()}</th>
            <td title={p.operator}>{names.knows(p.operator) ? names.of(p.operator) : shortHex(p.operator)}</td>
            <td class="num">{chain.tokens(p.total)}</td>
            <td>
              <ul class="payees">
                {p.payees.map((payee) => (
                  <li key={payee.worker}>
                    {names.of(payee.worker)}: {chain.tokens(payee.amount)}{" "}
                    {payee.claimed ? (
                      <span class="pill pill-ok">claimed</span>
                    ) : (
                      <span class="pill pill-off">unclaimed</span>
                    )}
                  </li>
                ))}
              </ul>
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
