#!/usr/bin/env bash
# Makes the cluster credential: a self-signed certificate and its private key in one PKCS#12
# file. Every node of a cluster gets a copy of the SAME file (Paas:Cluster:CertificatePath);
# nodes accept each other only if they present exactly this certificate, so whoever holds the
# file can join the cluster — keep it like a password (mode 0600, owned by the service user).
#
#   deploy/cluster/make-cluster-cert.sh [OUT.pfx]        (default: ./cluster.pfx)
#
# Environment: PAAS_CLUSTER_CERT_PASSWORD encrypts the file with that password (then set
# Paas:Cluster:CertificatePassword on every node); CERT_DAYS sets the lifetime (default 3650).
# Replacing the certificate means stopping all nodes, copying the new file, starting them again.
set -euo pipefail

out=${1:-cluster.pfx}
if [ -e "$out" ]; then
  echo "$out exists; refusing to overwrite a cluster credential (nodes holding the old one could no longer join)" >&2
  exit 1
fi
command -v openssl >/dev/null || { echo "openssl is missing: apt-get install -y openssl" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -days "${CERT_DAYS:-3650}" -subj "/CN=orleanspaas-cluster" \
  -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
openssl pkcs12 -export -in "$tmp/cert.pem" -inkey "$tmp/key.pem" -name orleanspaas-cluster \
  -out "$out" -passout "pass:${PAAS_CLUSTER_CERT_PASSWORD:-}"
chmod 600 "$out"
echo "wrote $out ($(openssl x509 -in "$tmp/cert.pem" -noout -fingerprint -sha256))"
