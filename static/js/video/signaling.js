// The Socket.IO side of the room: the /signal connection, what it hears, and what the page sends.
// Protocol: docs/signaling.md.

export const NAMESPACE = "/signal";

// Events after which the server disconnects us: the page stops and must not reconnect.
export const FINAL_EVENTS = ["replaced", "ended", "removed"];

// What the server says to a session on the SFU (sfu.js handles them).
export const SFU_EVENTS = ["sfu_answer", "sfu_feeds", "sfu_offer", "sfu_withdrawn"];

/** Open the signaling connection with the join token (io is Socket.IO's client function). */
export function openSocket(io, token) {
  return io(NAMESPACE, {
    auth: { token: token },
    transports: ["websocket", "polling"],
    reconnectionDelayMax: 5000,
  });
}

/**
 * Call the handler named for each server event.
 * on: refused(message), lost(), reconnected(), welcome(data), room(view), signal(message),
 * chat(item), call(call), called(), error(error), final(eventName, payload),
 * sfu(eventName, payload).
 */
export function listen(socket, on) {
  socket.on("connect_error", function (err) {
    const data = err && err.data;
    // A refusal with a code (bad link, room closed...) will not get better by retrying.
    if (data && data.code) {
      on.refused(data.message);
      socket.disconnect();
      return;
    }
    on.lost();
  });
  socket.on("disconnect", function (reason) {
    if (reason !== "io client disconnect") on.lost();
  });
  socket.io.on("reconnect", function () { on.reconnected(); });
  socket.on("welcome", on.welcome);
  socket.on("room", on.room);
  socket.on("signal", on.signal);
  socket.on("chat", on.chat);
  socket.on("call", on.call);
  socket.on("called", function () { on.called(); });
  socket.on("error", on.error);
  FINAL_EVENTS.forEach(function (name) {
    socket.on(name, function (payload) { on.final(name, payload); });
  });
  SFU_EVENTS.forEach(function (name) {
    socket.on(name, function (payload) { on.sfu(name, payload); });
  });
}

/** Whether `me` has agreed to recording, as the room view says (no answer counts as no). */
export function hasAgreed(room, me) {
  return !!(me && room && room.consents && room.consents[String(me.id)]);
}

/** What the page sends besides peer signals (those go through peers.js). */
export function commands(socket) {
  return {
    consent: function (agreed) { socket.emit("consent", { consent: agreed }); },
    control: function (payload) { socket.emit("control", payload); },
    chat: function (body) { socket.emit("chat", { body: body }); },
    callMediator: function () { socket.emit("call_mediator", {}); },
    recording: function (active) { socket.emit("recording", { active: active }); },
  };
}
