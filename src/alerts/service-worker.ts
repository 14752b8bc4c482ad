/**
 * The service worker that shows breaking-news alerts (served at /push-sw.js so its scope is the
 * whole site). It does nothing else: no caching, no fetch handler, so pages load as without it.
 */
export const SERVICE_WORKER = `'use strict';
self.addEventListener('push', function (event) {
  var d = {};
  try { d = event.data ? event.data.json() : {}; } catch (e) { d = { title: event.data ? event.data.text() : '' }; }
  event.waitUntil(self.registration.showNotification(String(d.title || 'Breaking news'), {
    body: String(d.body || ''),
    tag: d.tag ? String(d.tag) : undefined,
    data: { url: typeof d.url === 'string' ? d.url : '/' }
  }));
});
self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url = new URL((event.notification.data && event.notification.data.url) || '/', self.location.origin);
  if (url.origin !== self.location.origin) return;
  event.waitUntil(self.clients.matchAll({ type: 'window' }).then(function (list) {
    for (var i = 0; i < list.length; i++) if (list[i].url === url.href && 'focus' in list[i]) return list[i].focus();
    return self.clients.openWindow(url.href);
  }));
});
`
