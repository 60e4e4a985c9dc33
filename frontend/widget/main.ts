//! Entry of `convot.js` (built as one IIFE): install the widget, never throwing into the host page.
import { install } from './install';

try {
  install(window);
} catch (error) {
  console.debug('[convot] the widget could not start', error);
}
