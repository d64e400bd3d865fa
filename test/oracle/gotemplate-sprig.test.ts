// The sprig functions, against sprig itself (Go 1.19, sprig 3.2.3): identical output, or a failure
// in the same phase at the same place (panic texts from Go's runtime are not compared).
import { differentialSuite } from './differential-suite.js';
import { SPRIG_CASES } from './sprig-cases.js';

differentialSuite('sprig functions, differential', SPRIG_CASES, false);
