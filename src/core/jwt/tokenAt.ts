/** The hover's whole pipeline in one pure call: find the token under a position, decode, render. */
import { analyzeToken, type AnalyzeOptions, type ClaimsAnalysis } from './claims';
import { tryDecodeToken, type DecodedToken } from './decode';
import { findTokenAt, type TokenLocation } from './findTokens';
import { renderDecodeErrorMarkdown, renderMarkdown, type RenderOptions } from './render';

export interface TokenView {
  location: TokenLocation;
  markdown: string;
  decoded?: DecodedToken;
  analysis?: ClaimsAnalysis;
}

export function viewTokenAt(
  line: string,
  offset: number,
  analyze: AnalyzeOptions,
  render: RenderOptions = {},
): TokenView | undefined {
  const location = findTokenAt(line, offset);
  if (!location) return undefined;
  const result = tryDecodeToken(location.token);
  if (!result.ok) return { location, markdown: renderDecodeErrorMarkdown(result.error) };
  const analysis = analyzeToken(result.token, analyze);
  return {
    location,
    markdown: renderMarkdown(result.token, analysis, render),
    decoded: result.token,
    analysis,
  };
}
