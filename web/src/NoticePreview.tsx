/** What giving notice now would do, as the machine computes it (read-only). */
export function NoticePreview({ conventionId }: { conventionId: string }) {
  return <p data-convention={conventionId} />;
}
