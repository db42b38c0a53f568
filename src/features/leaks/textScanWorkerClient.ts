import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { TextScanRequest, TextScanResponse } from '../../core/leaks/textScanWorker';

/** One long-lived worker thread that scans large documents for the live scanner. */
export class TextScanWorkerClient implements vscode.Disposable {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (r: TextScanResponse) => void; reject: (e: Error) => void }
  >();

  scan(request: Omit<TextScanRequest, 'id'>): Promise<TextScanResponse> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies TextScanRequest);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.failAll(new Error('the scan worker was stopped'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(path.join(__dirname, 'textScanWorker.js'));
    worker.on('message', (response: TextScanResponse) => {
      this.pending.get(response.id)?.resolve(response);
      this.pending.delete(response.id);
    });
    worker.on('error', (error) => {
      this.worker = undefined;
      this.failAll(error);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the scan worker exited'));
    });
    // An idle worker must not keep the extension host alive at shutdown.
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const { reject } of this.pending.values()) reject(error);
    this.pending.clear();
  }
}
