from mediation.core.assets import asset_url
from mediation.video.links import join_token


def test_join_page_shows_the_device_check(client, create_room, seats):
    token = join_token(seats(create_room())["applicant"])
    response = client.get(f"/video/join/{token}")
    assert response.status_code == 200
    assert b'id="precheck"' in response.data


def test_join_page_with_a_bad_link_says_so(client):
    response = client.get("/video/join/not-a-token")
    assert response.status_code == 401


def test_console_is_for_the_rooms_own_mediator(client, login, create_room, seats, create_mediator):
    room = create_room()
    login(create_mediator().user)
    assert client.get(f"/video/rooms/{room.id}/console").status_code == 404


def test_console_opens_for_the_mediator(client, login, create_room, seats):
    room = create_room()
    login(seats(room)["mediator"].user)
    response = client.get(f"/video/rooms/{room.id}/console")
    assert response.status_code == 200
    assert b'id="console"' in response.data


def test_attendance_page_lists_participants_and_links(
    client, login, create_room, seats, coordinator
):
    room = create_room()
    login(coordinator)
    response = client.get(f"/video/sessions/{room.session_id}")
    assert response.status_code == 200
    assert "王芳".encode() in response.data
    assert b"/video/join/" in response.data


def test_the_video_page_loads_the_video_client_and_the_home_page_does_not(
    app, client, create_room, seats
):
    with app.test_request_context():
        client_scripts = [asset_url("js/video/main.js"), asset_url("vendor/socket.io.min.js")]
        charts = asset_url("vendor/chart.min.js")
    room = client.get(f"/video/join/{join_token(seats(create_room())['applicant'])}")
    home = client.get("/")
    assert room.status_code == home.status_code == 200
    for script in client_scripts:
        assert f'src="{script}"' in room.get_data(as_text=True)
        assert script not in home.get_data(as_text=True)
    assert charts not in home.get_data(as_text=True)
