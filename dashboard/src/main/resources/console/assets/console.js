// HLS outputs: native playback where the browser has it (Safari), hls.js (Media Source Extensions) elsewhere.
document.querySelectorAll('video[data-hls]').forEach(function (video) {
  var url = video.getAttribute('data-hls');
  if (window.Hls && Hls.isSupported()) {
    var hls = new Hls();
    hls.loadSource(url);
    hls.attachMedia(video);
  } else if (video.canPlayType('application/vnd.apple.mpegurl')) {
    video.src = url;
  }
});
