import type { ChainState } from "../chain";
import { count } from "../format";
import { TableRegion, Waiting } from "./section";

/** Gas used by each protocol operation (contract function) over the chain's history, from the receipts. */
export function GasTable({ chain }: { chain: ChainState | null }) {
  if (chain === null) return <Waiting what="Reading the chain…" />;
  if (chain.gas.length === 0) return <Waiting what="No protocol transaction yet." />;
  const most = Math.max(...chain.gas.map((g) => g.mean));
  return (
    <TableRegion label="Gas table">
      <thead>
        <tr>
          <th scope="col">Operation</th>
          <th scope="col" class="num">
            Transactions
          </th>
          <th scope="col" class="num">
            Mean gas
          </th>
          <th scope="col" class="num">
            Min – max
          </th>
          <th scope="col" class="bar-col">
            <span class="visually-hidden">Mean, relative</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {chain.gas.map((g) => (
          <tr key={g.operation} data-operation={g.operation}>
            <th scope="row">
              <code>{g.operation}</code>
            </th>
            <td class="num">{count(g.count)}</td>
            <td class="num">{count(g.mean)}</td>
            <td class="num">
              {count(g.min)} – {count(g.max)}
            </td>
            <td class="bar-col" aria-hidden="true">
              <span class="bar" style={{ width: `${Math.max(2, (g.mean / most) * 100)}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
