/** The sprig function library (Masterminds/sprig v3), as score-compose gives it to every template. */
import type { FuncMap, TemplateFunction } from '../function.js';

const all: [string, TemplateFunction][] = [];

/** sprig.TxtFuncMap(): every sprig function by name. */
export const SPRIG_FUNCS: FuncMap = new Map(all);
