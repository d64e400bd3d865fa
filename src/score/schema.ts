// Our JSON Schema (draft 2020-12) for Score workloads, apiVersion score.dev/v1b1, written from
// the Score specification. It describes workloads AFTER the upgrade step, so container `files`
// and `volumes` only have their map form. Probes may omit both `httpGet` and `exec` here (the
// reference validator accepts that); conversion decides what such a probe means.
//
// `x-message` is our own annotation: the readable wording for a pattern/length/size failure,
// used by validate.ts instead of echoing the regular expression.

type Schema = Record<string, unknown>;

const RFC1123_LABEL = '^[a-z0-9][a-z0-9-]{0,61}[a-z0-9]$';
const LABEL_MESSAGE = "must be 2 to 63 characters of a-z, 0-9 and '-', not starting or ending with '-'";

/** A lower-case RFC 1123 label: names of containers, resources, service ports. */
const labelName: Schema = {
  type: 'string',
  minLength: 2,
  maxLength: 63,
  pattern: RFC1123_LABEL,
  'x-message': LABEL_MESSAGE,
};

/** Annotation keys: an optional DNS-style prefix and `/`, then a name of letters, digits, `.`, `_`, `-`. */
const annotationKey: Schema = {
  type: 'string',
  minLength: 2,
  maxLength: 316,
  pattern:
    '^(([a-z0-9][a-z0-9-]{0,61}[a-z0-9])(\\.[a-z0-9][a-z0-9-]{0,61}[a-z0-9])*/)?[A-Za-z0-9][A-Za-z0-9._-]{0,61}[A-Za-z0-9]$',
  'x-message':
    "must be a name of letters, digits, '.', '_' or '-' (2 to 63 characters, starting and ending with a letter or digit), optionally prefixed by a DNS name and '/'",
};

const string: Schema = { type: 'string' };
const nonEmptyString: Schema = { type: 'string', minLength: 1, 'x-message': 'must not be empty' };
const stringList: Schema = { type: 'array', items: string };
const port: Schema = { type: 'integer', minimum: 1, maximum: 65535 };

/** An object with exactly these optional fields (plus the required ones). */
function fields(properties: Record<string, Schema>, required: string[] = []): Schema {
  return { type: 'object', additionalProperties: false, properties, ...(required.length > 0 ? { required } : {}) };
}

/** A map from names (checked by `keys`, when given) to values of one shape. */
function mapOf(values: Schema | boolean, keys?: Schema): Schema {
  return { type: 'object', additionalProperties: values, ...(keys ? { propertyNames: keys } : {}) };
}

const annotations = mapOf(string, annotationKey);

const resourceTypeName: Schema = {
  type: 'string',
  minLength: 2,
  maxLength: 63,
  pattern: '^[A-Za-z0-9][A-Za-z0-9-]{0,61}[A-Za-z0-9]$',
  'x-message': "must be 2 to 63 characters of letters, digits and '-', not starting or ending with '-'",
};

const resourceId: Schema = {
  type: 'string',
  minLength: 2,
  maxLength: 63,
  pattern: '^[a-z0-9]+(?:-+[a-z0-9]+)*(?:\\.[a-z0-9]+(?:-+[a-z0-9]+)*)*$',
  'x-message':
    "must be 2 to 63 characters: '.'-separated labels of a-z, 0-9 and '-', each not starting or ending with '-'",
};

const resource = fields(
  {
    type: resourceTypeName,
    class: resourceTypeName,
    id: resourceId,
    metadata: { type: 'object', properties: { annotations } },
    params: { type: 'object' },
  },
  ['type'],
);

const computeAmounts = fields({
  memory: {
    type: 'string',
    pattern: '^(0\\.\\d+|[1-9]\\d*(\\.\\d+)?)(K|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$',
    'x-message': 'must be an amount of bytes with an optional unit, like 128Mi or 1.5G',
  },
  cpu: {
    type: 'string',
    pattern: '^\\d+(?:m|\\.\\d+)?$',
    'x-message': 'must be a number of CPUs like 2 or 0.5, or of milli-CPUs like 250m',
  },
});

/** A file to mount: exactly one of inline text, inline base64, or a source path. */
const containerFile: Schema = {
  ...fields({
    mode: { type: 'string', pattern: '^0?[0-7]{3}$', 'x-message': "must be an octal file mode like '0644' or '755'" },
    source: nonEmptyString,
    content: string,
    binaryContent: string,
    noExpand: { type: 'boolean' },
  }),
  oneOf: [{ required: ['content'] }, { required: ['binaryContent'] }, { required: ['source'] }],
};

const containerVolume = fields({ source: string, path: string, readOnly: { type: 'boolean' } }, ['source']);

const httpHeader = fields(
  {
    name: {
      type: 'string',
      pattern: '^[A-Za-z0-9_-]+$',
      'x-message': "must be a header name of letters, digits, '_' and '-'",
    },
    value: nonEmptyString,
  },
  ['name', 'value'],
);

const probe = fields({
  httpGet: fields(
    {
      host: nonEmptyString,
      scheme: { type: 'string', enum: ['HTTP', 'HTTPS'] },
      path: string,
      port,
      httpHeaders: { type: 'array', items: httpHeader },
    },
    ['port', 'path'],
  ),
  exec: fields({ command: stringList }, ['command']),
});

const container = fields(
  {
    image: nonEmptyString,
    command: stringList,
    args: stringList,
    variables: mapOf(string, {
      type: 'string',
      minLength: 1,
      pattern: '^[^=]+$',
      'x-message': "must be a non-empty name without '='",
    }),
    files: mapOf(containerFile),
    volumes: mapOf(containerVolume),
    resources: fields({ limits: computeAmounts, requests: computeAmounts }),
    livenessProbe: probe,
    readinessProbe: probe,
    before: mapOf(
      fields({ ready: { type: 'string', enum: ['started', 'healthy', 'complete'] } }, ['ready']),
      labelName,
    ),
  },
  ['image'],
);

const servicePort = fields({ port, targetPort: port, protocol: { type: 'string', enum: ['TCP', 'UDP'] } }, ['port']);

/** The whole workload document. */
export const WORKLOAD_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://score.dev/schemas/score',
  title: 'Score workload (score.dev/v1b1), map forms only',
  ...fields(
    {
      apiVersion: { type: 'string', const: 'score.dev/v1b1' },
      metadata: { type: 'object', required: ['name'], properties: { name: labelName, annotations } },
      service: fields({ ports: mapOf(servicePort, labelName) }),
      containers: {
        ...mapOf(container, labelName),
        minProperties: 1,
        'x-message': 'must declare at least one container',
      },
      resources: mapOf(resource, labelName),
    },
    ['apiVersion', 'metadata', 'containers'],
  ),
};
