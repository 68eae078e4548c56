// The reader's path in WebKit (WebKitGTK's MiniBrowser through WebKitWebDriver, under xvfb-run),
// the engine of Safari on iPhones.
import { readerPath } from './reader.js';

readerPath('webkit');
