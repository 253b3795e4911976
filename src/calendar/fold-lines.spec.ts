import { foldLines } from './fold-lines';

const octets = (line: string) => Buffer.byteLength(line, 'utf8');
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('foldLines', () => {
  it('leaves lines of 75 octets or fewer alone', () => {
    const text = `SUMMARY:${'a'.repeat(67)}\r\nUID:x`;
    expect(foldLines(text)).toBe(text);
  });

  it('folds a long line into lines of at most 75 octets that unfold to the original', () => {
    const line = `DESCRIPTION:${'Dernier jour pour donner préavis — Convention HALDE–AMF 😀 '.repeat(12)}`;
    const folded = foldLines(`BEGIN:VEVENT\r\n${line}\r\nEND:VEVENT`);
    const lines = folded.split('\r\n');
    expect(lines.every((l) => octets(l) <= 75)).toBe(true);
    expect(lines.slice(2, -1).every((l) => l.startsWith(' '))).toBe(true);
    expect(unfold(folded)).toBe(`BEGIN:VEVENT\r\n${line}\r\nEND:VEVENT`);
  });

  it('never cuts inside a character, a surrogate pair included', () => {
    const line = `X:${'é😀'.repeat(60)}`;
    for (const part of foldLines(line).split('\r\n')) {
      expect(part).toBe(Buffer.from(part, 'utf8').toString('utf8'));
      expect(part).not.toMatch(/[\ud800-\udbff]$/);
    }
  });
});
