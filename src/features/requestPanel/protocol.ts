/**
 * Messages between the request panel's webview (media/requestPanel/main.js) and the extension.
 * The webview posts `ready` first; only then does the extension post `state`. Nothing posted to
 * the webview holds a secret unless the user asked to reveal the response body.
 */
import type { PanelRequest } from '../../core/requestPanel/panelRequest';
import type { ResponseView } from '../../core/requestPanel/responseView';
import type { PanelMessage } from '../../core/requestPanel/panelMessage';

export type { PanelRequest, ResponseView };

export interface HistoryEntry {
  id: string;
  /** Epoch milliseconds. */
  time: number;
  environment: string;
  method: string;
  /** Masked URL as it was sent. */
  url: string;
  /** HTTP status, or the failure code. */
  outcome: number | string;
  durationMs: number;
  /** The form with secrets masked; masked rows are marked and never sent again. */
  request: PanelRequest;
}

/** Checked with parsePanelMessage before the extension acts on it. */
export type ToExtension = PanelMessage;

export type ToWebview =
  | {
      type: 'state';
      environments: string[];
      activeEnvironment: string;
      /** Credential names per environment, for the auth picker. */
      credentials: Record<string, string[]>;
      history: HistoryEntry[];
      /** Set when the panel should show this request (opened from a `.http` file, history). */
      request?: PanelRequest;
      response?: ResponseView;
      sending: boolean;
    }
  | { type: 'sending' }
  | { type: 'response'; response: ResponseView }
  | { type: 'failed'; message: string }
  | { type: 'history'; history: HistoryEntry[] }
  | { type: 'load'; request: PanelRequest; environment?: string }
  | { type: 'notice'; message: string };

/** What the webview saves with setState (restored after hide/show and restarts): no secrets. */
export interface SavedState {
  request: PanelRequest;
  environment?: string;
}

export const PANEL_VIEW_TYPE = 'tokenWarden.requestPanel';
export const OPEN_PANEL_COMMAND = 'tokenWarden.openRequestPanel';
