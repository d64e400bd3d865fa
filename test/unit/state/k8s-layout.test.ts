import { describe, expect, it } from 'vitest';
import { decodeState } from '../../../src/state/decode.js';
import { encodeState } from '../../../src/state/encode.js';
import { SCORE_K8S } from '../../../src/common/tool.js';

const K8S_STATE = `workloads:
  web:
    file: score.yaml
    instance_suffix: -0a1b2c3d4e
    spec:
      apiVersion: score.dev/v1b1
      containers:
        main:
          image: nginx
      metadata:
        name: web
resources: {}
shared_state: {}
patching_templates: []
`;

describe("score-k8s's state layout", () => {
  it('round-trips byte for byte, with the instance suffix', () => {
    const state = decodeState(K8S_STATE, '.score-k8s/state.yaml', SCORE_K8S);
    expect(state.workloads['web']?.instance_suffix).toBe('-0a1b2c3d4e');
    expect(encodeState(state, SCORE_K8S)).toBe(K8S_STATE);
  });

  it("refuses the other tool's fields, each way", () => {
    expect(() => decodeState(`${K8S_STATE}compose_project: x\n`, '.score-k8s/state.yaml', SCORE_K8S)).toThrow(
      /unknown field 'compose_project'/,
    );
    const compose = `${K8S_STATE}compose_project: x\nmounts_directory: .score-compose/mounts\n`;
    expect(() => decodeState(compose, '.score-compose/state.yaml')).toThrow(
      /workloads.web: unknown field 'instance_suffix'/,
    );
    expect(() => decodeState('workloads: {}\nresources: {}\n', '.score-k8s/state.yaml', SCORE_K8S)).toThrow(
      /missing 'shared_state'/,
    );
  });
});
