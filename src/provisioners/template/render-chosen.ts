// Rendering a template given on the command line (`resources get-outputs --format`) in the
// language it is written in: Go text/template as score-compose takes it, or Handlebars.
import { chooseTemplateEngine } from './engine-choice.js';
import { renderTemplate } from './engine.js';

/** Renders `text` with plain `data` on the engine its syntax (or first-line marker) asks for. */
export async function renderInChosenEngine(text: string, data: unknown, name: string): Promise<string> {
  if (chooseTemplateEngine(text, name).engine === 'go') {
    return (await import('./go-engine.js')).renderGoTemplate(text, data);
  }
  return renderTemplate(text, data, name);
}
