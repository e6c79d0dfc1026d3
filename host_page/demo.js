// The demo shop's page script: tells the widget this page's journey stage, and wires the buttons
// that track an event or open a survey. It waits for the window's load event, which the async
// loader script delays, so window.Sada exists (its calls are queued until the widget arrives).
window.addEventListener('load', () => {
  if (!window.Sada) return;
  if (document.body.dataset.stage) window.Sada.setStage(document.body.dataset.stage);
  for (const button of document.querySelectorAll('[data-track]')) {
    button.addEventListener('click', () => window.Sada.track(button.dataset.track));
  }
  for (const button of document.querySelectorAll('[data-show]')) {
    button.addEventListener('click', () => window.Sada.show(button.dataset.show));
  }
});
