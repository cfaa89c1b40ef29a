/**
 * The Okabe–Ito palette (Okabe and Ito 2008), chosen to stay distinguishable under the common
 * forms of colour blindness. Yellow (#F0E442) is left out: it is unreadable as a thin line on
 * white.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

const CYCLE: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.skyBlue,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.black,
];

// After the seven colours are used up, the cycle repeats with a dash pattern, so that the 12
// combinations the framework can run stay apart (and so that greyscale prints keep some cue).
const DASHES: readonly (string | undefined)[] = [undefined, '7 4', '2 3'];

/** How one line of a chart is drawn: a colour and, optionally, an SVG `stroke-dasharray`. */
export interface LineStyle {
  readonly colour: string;
  readonly dash?: string;
}

/** The style of the `index`-th line of a multi-line chart; the same index gives the same style. */
export function lineStyleAt(index: number): LineStyle {
  const colour = CYCLE[index % CYCLE.length] ?? OKABE_ITO.black;
  const dash = DASHES[Math.floor(index / CYCLE.length) % DASHES.length];
  return dash === undefined ? { colour } : { colour, dash };
}
