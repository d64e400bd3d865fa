#!/bin/sh
# Runs inside the debootstrapped stand-in rootfs (chroot) once, before it is cached: lays out
# the paths the official postgres, nginx and redis images have, and drops what no container
# needs (package lists, docs, the default PostgreSQL cluster).
set -eu

# postgres: no Debian cluster (the entry point runs initdb into PGDATA).
rm -rf /var/lib/postgresql/15 /etc/postgresql/15
mkdir -p /docker-entrypoint-initdb.d /var/lib/postgresql/data /run/postgresql
chown postgres:postgres /var/lib/postgresql /var/lib/postgresql/data /run/postgresql
chmod 700 /var/lib/postgresql/data
chmod 2775 /run/postgresql

# nginx: the official image's user, paths and default site; logs go to the container's output.
getent group nginx >/dev/null || groupadd --system nginx
getent passwd nginx >/dev/null || useradd --system --gid nginx --no-create-home --home-dir /nonexistent \
  --shell /usr/sbin/nologin nginx
mkdir -p /docker-entrypoint.d /etc/nginx/conf.d /var/cache/nginx /var/log/nginx /usr/share/nginx/html
ln -sf /dev/stdout /var/log/nginx/access.log
ln -sf /dev/stderr /var/log/nginx/error.log
rm -f /etc/nginx/sites-enabled/default
cat >/etc/nginx/nginx.conf <<'CONF'
user  nginx;
worker_processes  auto;
error_log  /var/log/nginx/error.log notice;
pid        /run/nginx.pid;

events {
    worker_connections  1024;
}

http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;
    access_log    /var/log/nginx/access.log;
    sendfile      on;
    keepalive_timeout  65;
    include /etc/nginx/conf.d/*.conf;
}
CONF
cat >/etc/nginx/conf.d/default.conf <<'CONF'
server {
    listen       80;
    server_name  localhost;
    location / {
        root   /usr/share/nginx/html;
        index  index.html;
    }
}
CONF
[ -e /usr/share/nginx/html/index.html ] || echo '<h1>nginx stand-in</h1>' >/usr/share/nginx/html/index.html

# redis: data directory and the conventional config location.
mkdir -p /data /usr/local/etc/redis
chown redis:redis /data

# Slim down: nothing here is used inside a container.
apt-get clean
rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/cache/debconf/*-old \
  /usr/share/doc/* /usr/share/man/* /usr/share/info/* /var/log/*.log /var/log/apt/* /tmp/* \
  /etc/resolv.conf /etc/hostname
find /usr/share/locale -mindepth 1 -maxdepth 1 ! -name 'locale.alias' -exec rm -rf '{}' +
