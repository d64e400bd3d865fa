// Template data for both engines: Go values for src/gotemplate, and the JSON text that
// test/go-oracle/render.go decodes into the same Go values (a float is written with a '.' or an
// exponent, so 1.0 stays a float64; {"$struct": ...} is score-compose's provisioner Data struct).
import {
  GoMap,
  GoNumber,
  GoSlice,
  GoStruct,
  float64,
  toGoValue,
  type GoField,
  type GoValue,
} from '../../src/gotemplate/values.js';

/** A float64 in hand-written data (1.0 must not become the int 1). */
export const f = (x: number): GoValue => float64(x);

/** The JSON text of Go data for the oracle. */
export function encodeGoData(v: GoValue): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isSafeInteger(v) ? String(v) : floatText(v);
  if (v instanceof GoNumber) {
    if (v.type !== 'float64') throw new Error(`data cannot hold a ${v.type}`);
    return floatText(v.value);
  }
  if (v instanceof GoMap) {
    if (v.entries === null) return 'null';
    return `{${[...v.entries].map(([k, e]) => `${JSON.stringify(k)}:${encodeGoData(e)}`).join(',')}}`;
  }
  if (v instanceof GoSlice) return v.items === null ? 'null' : `[${v.items.map(encodeGoData).join(',')}]`;
  if (v instanceof GoStruct) {
    // Only the Data struct is marked; the structs inside it are built by render.go from plain objects.
    const fields = [...v.fields].map(([k, fld]) => `${JSON.stringify(k)}:${encodeGoData(fld.value)}`);
    return v.type === '*main.Data' ? `{"$struct":{${fields.join(',')}}}` : `{${fields.join(',')}}`;
  }
  throw new Error('data cannot hold this value');
}

function floatText(x: number): string {
  if (!Number.isFinite(x)) throw new Error('JSON data cannot hold NaN or Inf');
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

const MAP = 'map[string]interface {}';

function typedMap(v: unknown): GoValue {
  if (v === undefined || v === null) return new GoMap(MAP, 'interface {}', null);
  return toGoValue(v);
}

function field(type: string, value: GoValue): GoField {
  return { type, value };
}

/** score-compose's provisioner Data (a *main.Data in the oracle), from plain fields. */
export function scoreData(d: {
  Uid?: string;
  Type?: string;
  Class?: string;
  Id?: string;
  Params?: unknown;
  Metadata?: unknown;
  Init?: unknown;
  State?: unknown;
  Shared?: unknown;
  SourceWorkload?: string;
  WorkloadServices?: Record<string, { ServiceName: string; Ports?: Record<string, Record<string, unknown>> }>;
  ComposeProjectName?: string;
  MountsDirectory?: string;
}): GoStruct {
  const services =
    d.WorkloadServices === undefined
      ? new GoMap('map[string]main.NetworkService', 'main.NetworkService', null)
      : new GoMap(
          'map[string]main.NetworkService',
          'main.NetworkService',
          new Map(
            Object.entries(d.WorkloadServices).map(([name, svc]) => [
              name,
              new GoStruct(
                'main.NetworkService',
                new Map([
                  ['ServiceName', field('string', svc.ServiceName)],
                  [
                    'Ports',
                    field(
                      'map[string]main.ServicePort',
                      new GoMap(
                        'map[string]main.ServicePort',
                        'main.ServicePort',
                        svc.Ports === undefined
                          ? null
                          : new Map(
                              Object.entries(svc.Ports).map(([k, p]) => [
                                k,
                                new GoStruct(
                                  'main.ServicePort',
                                  new Map([
                                    ['Name', field('string', String(p['Name'] ?? ''))],
                                    ['Port', field('int', Number(p['Port'] ?? 0))],
                                    ['TargetPort', field('int', Number(p['TargetPort'] ?? 0))],
                                    ['Protocol', field('string', String(p['Protocol'] ?? ''))],
                                  ]),
                                ),
                              ]),
                            ),
                      ),
                    ),
                  ],
                ]),
              ),
            ]),
          ),
        );
  return new GoStruct(
    '*main.Data',
    new Map<string, GoField>([
      ['Uid', field('string', d.Uid ?? '')],
      ['Type', field('string', d.Type ?? '')],
      ['Class', field('string', d.Class ?? '')],
      ['Id', field('string', d.Id ?? '')],
      ['Params', field(MAP, typedMap(d.Params))],
      ['Metadata', field(MAP, typedMap(d.Metadata))],
      ['Init', field(MAP, typedMap(d.Init))],
      ['State', field(MAP, typedMap(d.State))],
      ['Shared', field(MAP, typedMap(d.Shared))],
      ['SourceWorkload', field('string', d.SourceWorkload ?? '')],
      ['WorkloadServices', field('map[string]main.NetworkService', services)],
      ['ComposeProjectName', field('string', d.ComposeProjectName ?? '')],
      ['MountsDirectory', field('string', d.MountsDirectory ?? '')],
    ]),
  );
}

/** Plain data as Go values (objects → map[string]interface{}, arrays → []interface{}). */
export const data = (v: unknown): GoValue => toGoValue(v);
