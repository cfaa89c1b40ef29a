// Reading a chart's y axis back from its SVG, for the tests of the charts that draw one.

/** The y-axis tick labels as drawn: each label's text and the x where it ends. */
export function yTickLabels(svg: string): { text: string; end: number }[] {
  const axis = svg.slice(svg.indexOf('<g class="y-axis">'));
  return [...axis.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="end"[^>]*>([^<]*)</g)].map(
    (m) => ({ end: Number(m[1]), text: m[2] ?? '' }),
  );
}

/** Tick labels must start right of the turned axis label, which reaches about x = 22. */
export function clearOfAxisLabel(svg: string): boolean {
  return yTickLabels(svg).every(({ text, end }) => end - [...text].length * 0.62 * 12 >= 22);
}
