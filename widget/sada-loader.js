/* Sada loader: the one script a page embeds. It defines window.Sada, queues calls made before the
   widget has loaded, and fetches the widget when the browser is idle or a survey must show, never
   on the page's critical path. <script async src=".../sada-loader.js" data-site="shop"
   data-endpoint="https://feedback.example"></script>, or Sada.init({...}) later. */
(function (w, d) {
  if (w.Sada) return;
  var script = d.currentScript;
  var base = script ? script.src.replace(/[^/]*$/, '') : '';
  var queue = [];
  var requested = false;
  function load() {
    if (requested) return;
    requested = true;
    var s = d.createElement('script');
    s.type = 'module';
    s.src = base + 'sada.js';
    d.head.appendChild(s);
  }
  var api = { q: queue, base: base, load: load };
  ['init', 'show', 'track', 'identify', 'setStage', 'pending', 'flush', 'visitorId', 'on'].forEach(function (name) {
    api[name] = function () {
      var args = [].slice.call(arguments);
      return new Promise(function (resolve, reject) {
        queue.push([name, args, resolve, reject]);
        if (name === 'show' || name === 'flush' || name === 'pending' || name === 'visitorId') load();
      });
    };
  });
  w.Sada = api;
  var data = script ? script.dataset : {};
  if (data.site) api.init({ site: data.site, endpoint: data.endpoint || '', locale: data.locale, messages: data.messages })['catch'](function () {});
  function whenIdle() {
    if (w.requestIdleCallback) w.requestIdleCallback(load, { timeout: 4000 }); else setTimeout(load, 2000);
  }
  if (d.readyState === 'complete') whenIdle(); else w.addEventListener('load', whenIdle);
})(window, document);
