/**
 * The convention's lifecycle as the server draws it from the machine (SVG, laid out there), its
 * current state highlighted. The SVG carries its own title and description for screen readers.
 */
export function Diagram({ svg, label }: { svg: string; label: string }) {
  return (
    <div
      data-testid="diagram"
      // Scrolls sideways on a narrow screen: focusable, so the keyboard can scroll it too.
      tabIndex={0}
      role="region"
      aria-label={label}
      style={{ overflowX: 'auto', maxWidth: '100%' }}
      // Written by this server from the machine definition, its text escaped there.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
