// The Go template language and its builtins, against Go's own text/template (with sprig, as
// score-compose configures it): identical output, or the same failure (phase, place and text).
// GOTEMPLATE_ORACLE_VERBOSE=1 lists the error texts that differ.
import { differentialSuite } from './differential-suite.js';
import { TEMPLATE_CASES } from './template-cases.js';

differentialSuite('Go template language, differential', TEMPLATE_CASES, true);
