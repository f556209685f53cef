// The mediator's console: everyone with their buttons, the map of the rooms, who hears whom,
// and the recording button. `control(payload)` sends a control event to the server.

const MAP_BOXES = ["lobby", "joint", "caucus:applicant", "caucus:respondent", "offline"];
const ROOMS = ["joint", "caucus:applicant", "caucus:respondent"];

export function renderConsole(doc, words, room, me, control) {
  const $ = function (id) { return doc.getElementById(id); };

  function button(label, cls, onclick) {
    const b = doc.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm " + cls;
    b.textContent = label;
    b.addEventListener("click", onclick);
    return b;
  }

  /** A party may be moved to the waiting room, the joint session or their own side's room. */
  function moveSelect(m) {
    const select = doc.createElement("select");
    select.className = "form-select form-select-sm w-auto";
    select.setAttribute("aria-label", words.text("move_to") + " " + m.name);
    const places = ROOMS.slice();
    if (m.role !== "mediator") places.unshift("lobby");
    places.forEach(function (p) {
      if (m.role === "party" && p.indexOf("caucus:") === 0 && p !== "caucus:" + m.side) return;
      const o = doc.createElement("option");
      o.value = p;
      o.textContent = words.place(p);
      o.selected = p === m.place;
      select.appendChild(o);
    });
    select.addEventListener("change", function () {
      control({ action: "move", participant: m.id, place: select.value });
    });
    return select;
  }

  function renderEveryone() {
    const list = $("everyone");
    list.innerHTML = "";
    room.everyone.forEach(function (m) {
      const li = doc.createElement("li");
      li.className = "list-group-item d-flex flex-wrap gap-2 align-items-center";
      li.dataset.member = m.id;
      const label = doc.createElement("span");
      label.className = "me-auto";
      label.textContent = words.member(m, me) + " — " + (m.online ? words.place(m.place) : words.text("offline"));
      li.appendChild(label);
      const act = function (action) { return function () { control({ action: action, participant: m.id }); }; };
      if (m.role !== "mediator") {
        if (m.place === "lobby" && m.online) {
          li.appendChild(button(words.text("admit"), "btn-success", act("admit")));
        } else if (m.place && m.place !== "lobby") {
          li.appendChild(button(words.text("send_lobby"), "btn-outline-secondary", act("lobby")));
        }
        li.appendChild(moveSelect(m));
        li.appendChild(button(words.text("remove"), "btn-outline-danger", act("remove")));
      } else if (me && m.id === me.id) {
        li.appendChild(moveSelect(m));
      }
      list.appendChild(li);
    });
  }

  /* The mediator's picture of the session: one box per place with the people connected there,
     and a last box for those not connected. */
  function renderMap() {
    const map = $("room-map");
    map.innerHTML = "";
    MAP_BOXES.forEach(function (place) {
      const box = doc.createElement("div");
      box.className = "room-box room-box-" + place.replace(":", "-");
      box.dataset.place = place;
      box.setAttribute("role", "listitem");
      const title = doc.createElement("div");
      title.className = "room-box-title";
      title.textContent = place === "offline" ? words.text("offline") : words.place(place);
      box.appendChild(title);
      room.everyone.forEach(function (m) {
        if (place === "offline" ? m.online : (!m.online || m.place !== place)) return;
        const chip = doc.createElement("span");
        chip.className = "room-chip room-chip-" + (m.side || m.role);
        chip.dataset.member = m.id;
        chip.textContent = m.name;
        box.appendChild(chip);
      });
      map.appendChild(box);
    });
  }

  function renderHearing() {
    const names = {};
    room.everyone.forEach(function (m) { names[m.id] = m.name; });
    const hearing = $("hearing");
    hearing.innerHTML = "";
    Object.keys(room.hearing).forEach(function (id) {
      const li = doc.createElement("li");
      const heard = room.hearing[id].map(function (x) { return names[x]; });
      li.textContent = names[id] + " " + words.text("hears") + ": " + (heard.length ? heard.join("、") : words.text("nobody"));
      hearing.appendChild(li);
    });
  }

  function renderRecordButton() {
    const record = $("record");
    record.disabled = !room.may_record && !room.recording;
    record.textContent = words.text(room.recording ? "stop_recording" : "start_recording");
    record.title = room.may_record ? "" : words.text("consent_needed");
  }

  renderEveryone();
  renderMap();
  renderHearing();
  renderRecordButton();
}
