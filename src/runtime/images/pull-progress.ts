// Folds the per-layer messages of a pull into one row: total bytes over the layers whose size is
// known, and the least advanced phase (a pull is "Downloading" until every layer is down).

import type { ProgressMessage } from '../engine/container-runtime.js';
import type { ProgressDetail } from '../progress/reporter.js';

type Phase = 'waiting' | 'downloading' | 'extracting' | 'complete';

const PHASES: Record<string, Phase> = {
  'Pulling fs layer': 'waiting',
  Waiting: 'waiting',
  Downloading: 'downloading',
  'Verifying Checksum': 'extracting',
  'Download complete': 'extracting',
  Extracting: 'extracting',
  'Pull complete': 'complete',
  'Already exists': 'complete',
};

const ORDER: Phase[] = ['waiting', 'downloading', 'extracting', 'complete'];
const LABELS: Record<Phase, string> = {
  waiting: 'Waiting',
  downloading: 'Downloading',
  extracting: 'Extracting',
  complete: 'Pull complete',
};

interface Layer {
  phase: Phase;
  current: number;
  total?: number;
}

/** Accumulates pull messages for one image and says what its row should show. */
export class PullProgress {
  private readonly layers = new Map<string, Layer>();

  /** Takes one message; returns the row's new detail, or undefined when the message is not about a layer. */
  push(message: ProgressMessage): ProgressDetail | undefined {
    const phase = message.status === undefined ? undefined : PHASES[message.status];
    if (phase === undefined || message.id === undefined) return undefined;
    const layer = this.layers.get(message.id) ?? { phase, current: 0 };
    layer.phase = phase;
    const total = message.progressDetail?.total;
    if (phase === 'downloading') {
      if (typeof total === 'number' && total > 0) layer.total = total;
      layer.current = message.progressDetail?.current ?? layer.current;
    } else if (phase !== 'waiting' && layer.total !== undefined) {
      layer.current = layer.total;
    }
    this.layers.set(message.id, layer);
    return this.detail();
  }

  /** The aggregated detail over every layer seen so far. */
  detail(): ProgressDetail {
    const layers = [...this.layers.values()];
    const least = layers.reduce<Phase>(
      (min, l) => (ORDER.indexOf(l.phase) < ORDER.indexOf(min) ? l.phase : min),
      'complete',
    );
    // Layers still waiting while others download: the pull as a whole is downloading.
    const shown = least === 'waiting' && layers.some((l) => l.phase !== 'waiting') ? 'downloading' : least;
    const sized = layers.filter((l) => l.total !== undefined);
    if (sized.length === 0) return { status: LABELS[shown] };
    return {
      status: LABELS[shown],
      current: sized.reduce((s, l) => s + l.current, 0),
      total: sized.reduce((s, l) => s + (l.total ?? 0), 0),
    };
  }
}
