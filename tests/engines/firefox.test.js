// The reader's path in Firefox (Debian's firefox-esr through geckodriver, headless).
import { readerPath } from './reader.js';

readerPath('firefox');
