/** The convention's lifecycle drawn by the server from its machine, current state highlighted. */
export function Diagram({
  conventionId,
  version,
  at,
}: {
  conventionId: string;
  version: number;
  at?: string;
}) {
  return <p data-convention={conventionId} data-version={version} data-at={at} />;
}
