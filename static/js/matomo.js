// Matomo as the privacy page describes it: page views only, no cookies. Loaded before
// matomo.js itself, which reads _paq (templates/includes/analytics.html).
var _paq = (window._paq = window._paq || []);
(function (script) {
  "use strict";
  _paq.push(["disableCookies"]);
  _paq.push(["setTrackerUrl", script.dataset.trackerUrl]);
  _paq.push(["setSiteId", script.dataset.siteId]);
  _paq.push(["trackPageView"]);
  _paq.push(["enableLinkTracking"]);
})(document.currentScript);
