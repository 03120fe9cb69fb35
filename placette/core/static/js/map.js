// The full-page map of /carte/: places come from the GeoJSON API, clustered by the server.
// Filters stay in the query string; the view (zoom/lat/lon) lives in the URL hash.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var data = el.dataset;
  var status = document.getElementById("map-status");
  var filters = new URLSearchParams(window.location.search);
  el.innerHTML = "";

  var map = L.map(el, { minZoom: 2, maxZoom: 19 });
  L.tileLayer(data.tiles, { attribution: data.attribution, maxZoom: 19 }).addTo(map);
  var layer = L.layerGroup().addTo(map);

  function viewFromHash() {
    var m = window.location.hash.match(/^#(\d{1,2})\/(-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/);
    return m ? { zoom: +m[1], center: [+m[2], +m[3]] } : null;
  }

  function label(count) {
    return count + " " + (count > 1 ? data.labelPlaces : data.labelPlace);
  }

  function clusterMarker(lat, lon, count) {
    var size = count < 10 ? 34 : count < 100 ? 42 : 52;
    var span = document.createElement("span");
    span.textContent = count;
    var icon = L.divIcon({ className: "cluster", html: span, iconSize: [size, size] });
    var marker = L.marker([lat, lon], { icon: icon, title: label(count) + " – " + data.labelZoom, alt: label(count) });
    marker.on("click keypress", function () {
      map.setView([lat, lon], Math.min(map.getZoom() + 2, 18));
    });
    return marker;
  }

  function placeMarker(lat, lon, props) {
    var icon = L.divIcon({ className: "place-pin", iconSize: [18, 18] });
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.name;
    popup.appendChild(link);
    if (props.families && props.families.length) {
      var families = document.createElement("p");
      families.textContent = props.families.join(", ");
      popup.appendChild(families);
    }
    return L.marker([lat, lon], { icon: icon, title: props.name, alt: props.name }).bindPopup(popup);
  }

  function render(collection) {
    layer.clearLayers();
    collection.features.forEach(function (feature) {
      var lon = feature.geometry.coordinates[0];
      var lat = feature.geometry.coordinates[1];
      var props = feature.properties;
      var marker = props.cluster ? clusterMarker(lat, lon, props.count) : placeMarker(lat, lon, props);
      marker.addTo(layer);
    });
    if (status) status.textContent = label(collection.total) + " " + data.labelInView;
  }

  var controller = null;
  function load() {
    var bounds = map.getBounds();
    var query = new URLSearchParams(filters);
    query.set("bbox", [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map(function (n) { return Math.max(-180, Math.min(180, n)).toFixed(5); }).join(","));
    query.set("zoom", map.getZoom());
    if (controller) controller.abort();
    controller = new AbortController();
    fetch(data.api + "?" + query.toString(), { signal: controller.signal, headers: { Accept: "application/geo+json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(render)
      .catch(function (error) {
        if (error.name !== "AbortError" && status) status.textContent = data.labelError;
      });
    var center = map.getCenter();
    window.history.replaceState(null, "", window.location.pathname + window.location.search +
      "#" + map.getZoom() + "/" + center.lat.toFixed(4) + "/" + center.lng.toFixed(4));
  }

  // Keep the view when the filters form reloads the page.
  var form = document.querySelector(".filters");
  if (form) form.addEventListener("submit", function () { form.action = form.action.split("#")[0] + window.location.hash; });

  map.on("moveend", load);
  var view = viewFromHash();
  if (view) map.setView(view.center, view.zoom);
  else map.fitBounds([[41.3, -5.2], [51.1, 9.6]]);
})();
