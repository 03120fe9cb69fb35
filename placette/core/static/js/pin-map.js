// The proposal form's pin map: clicking the map or dragging the pin fills the latitude and
// longitude inputs; typing them moves the pin. The inputs stay the accessible way: without
// JavaScript (or without Leaflet) the map stays hidden and they work alone.
(function () {
  "use strict";
  var box = document.getElementById("pin-map-box");
  var el = document.getElementById("pin-map");
  if (!box || !el || !window.L) return;
  var latInput = document.getElementById(el.dataset.latInput);
  var lonInput = document.getElementById(el.dataset.lonInput);
  if (!latInput || !lonInput) return;

  // Show the map right after the coordinates.
  var after = lonInput.closest(".field") || lonInput;
  after.parentNode.insertBefore(box, after.nextSibling);
  box.hidden = false;

  function read(input) {
    var value = parseFloat(input.value.replace(",", "."));
    return isFinite(value) ? value : null;
  }
  function valid(lat, lon) {
    return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
  }

  var lat = read(latInput);
  var lon = read(lonInput);
  var located = valid(lat, lon);
  var map = L.map(el, { scrollWheelZoom: false, zoomControl: false });
  map.setView(located ? [lat, lon] : [46.6, 2.4], located ? 16 : 5);  // else: all of France
  L.control.zoom({ zoomInTitle: el.dataset.labelZoomIn, zoomOutTitle: el.dataset.labelZoomOut }).addTo(map);
  map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
  L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution, maxZoom: 19 }).addTo(map);

  var icon = L.divIcon({ className: "place-pin", iconSize: [18, 18] });
  var marker = null;

  function place(latlng) {
    if (marker) {
      marker.setLatLng(latlng);
      return;
    }
    // keyboard: false — the inputs are the keyboard way; a focusable pin would add nothing.
    marker = L.marker(latlng, { icon: icon, draggable: true, keyboard: false }).addTo(map);
    marker.on("dragend", function () { fill(marker.getLatLng()); });
  }
  function fill(latlng) {
    latInput.value = latlng.lat.toFixed(6);
    lonInput.value = latlng.wrap().lng.toFixed(6);
    [latInput, lonInput].forEach(function (input) {
      input.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }
  function follow() {
    var lat = read(latInput);
    var lon = read(lonInput);
    if (!valid(lat, lon)) return;
    place([lat, lon]);
    map.panTo([lat, lon]);
  }

  if (located) place([lat, lon]);
  map.on("click", function (event) {
    place(event.latlng);
    fill(event.latlng);
  });
  latInput.addEventListener("input", follow);
  lonInput.addEventListener("input", follow);
})();
