import type { ComponentChildren } from "preact";

/** A titled region of the page (a landmark named by its heading). */
export function Section({ id, title, children }: { id: string; title: string; children: ComponentChildren }) {
  return (
    <section class="card" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** What a section shows before its data arrives. */
export function Waiting({ what }: { what: string }) {
  return <p class="muted waiting">{what}</p>;
}

/** A table in a region that scrolls (and so takes keyboard focus), named for screen readers. */
export function TableRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="scroll" tabIndex={0} role="region" aria-label={label}>
      <table>{children}</table>
    </div>
  );
}
