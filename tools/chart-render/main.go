// chart-render renders a Helm chart the way `helm template` does, without Helm.
//
// There is no helm binary on the project's machines, so CI renders the Kessai
// service chart with Go's text/template + sprig (Debian's packages, GOPATH mode,
// no network) plus Helm's own template functions re-implemented here:
// toYaml, fromYaml, fromYamlArray, toJson, fromJson, fromJsonArray, include,
// tpl, required, lookup (always empty, as in `helm template`).
//
// It follows Helm 3's engine where it matters for our chart:
//   - values: YAML parsed the sigs.k8s.io/yaml way (YAML -> JSON -> Go), so every
//     number is a float64 exactly as in Helm (1000000 prints as 1e+06);
//     chart values.yaml coalesced with the -f files in order, maps merged
//     recursively, lists replaced, a null deleting a key;
//   - templates: every file under templates/ parsed into one set named
//     "<chart>/templates/<file>", missingkey=zero, "<no value>" removed,
//     files starting with "_" and NOTES.txt rendered but not emitted;
//   - output: split on "---", every document must parse as YAML (duplicate keys
//     rejected) and carry apiVersion and kind, as Helm requires before install.
//
// It also compiles every "pattern" in values.schema.json with Go's regexp, as
// Helm's schema validator must (the TypeScript check runs the schema itself with
// ajv on the merged values this tool prints with -values).
//
// What it does not do (docs/operations.md lists the consequences): subcharts and
// dependencies, .Capabilities from a live cluster, lookup against a cluster,
// .Files beyond Get/GetBytes/Lines, post-renderers, server-side validation.
//
// Usage:
//
//	chart-render -chart charts/kessai-service -name kessai-ledger -namespace kessai \
//	    -f deploy/prod/ledger.yaml [-f more.yaml] [-set-string image.tag=abc] [-values]
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/ioutil"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	yaml "gopkg.in/yaml.v2"
)

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// ---------------------------------------------------------------- YAML/JSON (sigs.k8s.io/yaml semantics)

// jsonify turns what yaml.v2 produced into what encoding/json would have produced
// from the equivalent JSON document: string map keys, float64 numbers.
func jsonify(v interface{}) (interface{}, error) {
	switch t := v.(type) {
	case map[interface{}]interface{}:
		out := make(map[string]interface{}, len(t))
		for k, val := range t {
			var key string
			switch kk := k.(type) {
			case string:
				key = kk
			case int, int64, float64, bool:
				key = fmt.Sprint(kk)
			default:
				return nil, fmt.Errorf("unsupported map key %#v", k)
			}
			c, err := jsonify(val)
			if err != nil {
				return nil, err
			}
			out[key] = c
		}
		return out, nil
	case []interface{}:
		out := make([]interface{}, len(t))
		for i, val := range t {
			c, err := jsonify(val)
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	default:
		// round-trip scalars through JSON so numbers become float64 and
		// timestamps become strings, as sigs.k8s.io/yaml does
		b, err := json.Marshal(t)
		if err != nil {
			return nil, err
		}
		var out interface{}
		if err := json.Unmarshal(b, &out); err != nil {
			return nil, err
		}
		return out, nil
	}
}

// yamlUnmarshal parses one YAML document like sigs.k8s.io/yaml.Unmarshal into interface{}.
func yamlUnmarshal(data []byte) (interface{}, error) {
	var raw interface{}
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, err
	}
	return jsonify(raw)
}

// toYAML is sigs.k8s.io/yaml.Marshal: JSON first (so struct tags and key order
// follow encoding/json), then yaml.v2.
func toYAML(v interface{}) (string, error) {
	j, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	var obj interface{}
	if err := yaml.Unmarshal(j, &obj); err != nil {
		return "", err
	}
	out, err := yaml.Marshal(obj)
	if err != nil {
		return "", err
	}
	return string(out), nil
}

// ---------------------------------------------------------------- values

func readValuesFile(file string) (map[string]interface{}, error) {
	data, err := ioutil.ReadFile(file)
	if err != nil {
		return nil, err
	}
	v, err := yamlUnmarshal(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", file, err)
	}
	if v == nil {
		return map[string]interface{}{}, nil
	}
	m, ok := v.(map[string]interface{})
	if !ok {
		return nil, fmt.Errorf("%s: values must be a map, got %T", file, v)
	}
	return m, nil
}

// mergeMaps is Helm's CLI merge of several -f files: later files win, maps merge.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{}, len(a))
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if vm, ok := v.(map[string]interface{}); ok {
			if om, ok := out[k].(map[string]interface{}); ok {
				out[k] = mergeMaps(om, vm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// coalesce is Helm's chartutil.CoalesceTables: user values over chart defaults,
// a user null deletes the default.
func coalesce(user, defaults map[string]interface{}) map[string]interface{} {
	out := make(map[string]interface{})
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range user {
		if v == nil {
			delete(out, k)
			continue
		}
		if um, ok := v.(map[string]interface{}); ok {
			if dm, ok := out[k].(map[string]interface{}); ok {
				out[k] = coalesce(um, dm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// setString applies one -set-string a.b.c=value.
func setString(values map[string]interface{}, expr string) error {
	eq := strings.Index(expr, "=")
	if eq <= 0 {
		return fmt.Errorf("-set-string %q: want key=value", expr)
	}
	keys := strings.Split(expr[:eq], ".")
	cur := values
	for _, k := range keys[:len(keys)-1] {
		next, ok := cur[k].(map[string]interface{})
		if !ok {
			next = map[string]interface{}{}
			cur[k] = next
		}
		cur = next
	}
	cur[keys[len(keys)-1]] = expr[eq+1:]
	return nil
}

// ---------------------------------------------------------------- built-in objects

type chartMeta struct {
	Name        string
	Version     string
	AppVersion  string
	Description string
	Type        string
	APIVersion  string
	KubeVersion string
}

type release struct {
	Name      string
	Namespace string
	Service   string
	Revision  int
	IsInstall bool
	IsUpgrade bool
}

type versionSet []string

func (v versionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type kubeVersion struct {
	Version    string
	Major      string
	Minor      string
	GitVersion string
}

type capabilities struct {
	APIVersions versionSet
	KubeVersion kubeVersion
}

type templateMeta struct {
	Name     string
	BasePath string
}

type files map[string][]byte

func (f files) GetBytes(name string) []byte { return f[name] }
func (f files) Get(name string) string      { return string(f[name]) }
func (f files) Lines(name string) []string {
	s := string(f[name])
	if s == "" {
		return []string{}
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}

// builtinAPIVersions is what `helm template` assumes without a cluster
// (Helm's DefaultVersionSet for the Kubernetes version it was built with).
var builtinAPIVersions = []string{
	"v1", "apps/v1", "batch/v1", "policy/v1", "autoscaling/v1", "autoscaling/v2",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1",
	"coordination.k8s.io/v1", "discovery.k8s.io/v1", "scheduling.k8s.io/v1",
	"apiextensions.k8s.io/v1", "admissionregistration.k8s.io/v1", "certificates.k8s.io/v1",
	"events.k8s.io/v1", "node.k8s.io/v1", "apiregistration.k8s.io/v1",
}

// ---------------------------------------------------------------- engine

const recursionMaxNums = 1000

type engine struct {
	tmpl          *template.Template
	includedNames map[string]int
}

func (e *engine) funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	// Helm removes these: a render must not depend on the machine it runs on.
	delete(f, "env")
	delete(f, "expandenv")

	f["toYaml"] = func(v interface{}) string {
		s, err := toYAML(v)
		if err != nil {
			return "" // Helm swallows the error the same way
		}
		return strings.TrimSuffix(s, "\n")
	}
	f["toYamlPretty"] = f["toYaml"]
	f["fromYaml"] = func(s string) map[string]interface{} {
		v, err := yamlUnmarshal([]byte(s))
		m, ok := v.(map[string]interface{})
		if err != nil || (!ok && v != nil) {
			msg := "not a map"
			if err != nil {
				msg = err.Error()
			}
			return map[string]interface{}{"Error": msg}
		}
		if m == nil {
			m = map[string]interface{}{}
		}
		return m
	}
	f["fromYamlArray"] = func(s string) []interface{} {
		v, err := yamlUnmarshal([]byte(s))
		a, ok := v.([]interface{})
		if err != nil || !ok {
			msg := "not an array"
			if err != nil {
				msg = err.Error()
			}
			return []interface{}{msg}
		}
		return a
	}
	f["toJson"] = func(v interface{}) string {
		b, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(b)
	}
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["fromJsonArray"] = func(s string) []interface{} {
		a := []interface{}{}
		if err := json.Unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return v, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return v, errors.New(msg)
		}
		return v, nil
	}
	f["lookup"] = func(apiVersion, kind, namespace, name string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil // `helm template` has no cluster either
	}
	f["include"] = func(name string, data interface{}) (string, error) {
		var buf strings.Builder
		if v, ok := e.includedNames[name]; ok {
			if v > recursionMaxNums {
				return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
			}
			e.includedNames[name]++
		} else {
			e.includedNames[name] = 1
		}
		err := e.tmpl.ExecuteTemplate(&buf, name, data)
		e.includedNames[name]--
		return buf.String(), err
	}
	f["tpl"] = func(text string, vals interface{}) (string, error) {
		t, err := e.tmpl.Clone()
		if err != nil {
			return "", err
		}
		t, err = t.New("tpl-" + fmt.Sprint(len(text))).Parse(text)
		if err != nil {
			return "", fmt.Errorf("cannot parse template %q: %v", text, err)
		}
		var buf strings.Builder
		if err := t.Execute(&buf, vals); err != nil {
			return "", fmt.Errorf("error during tpl function execution for %q: %v", text, err)
		}
		return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
	}
	return f
}

// docSplit is Helm's releaseutil separator.
var docSplit = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

type options struct {
	chartDir    string
	valueFiles  []string
	sets        []string
	name        string
	namespace   string
	isUpgrade   bool
	apiVersions []string
	kubeVersion string
	showValues  bool
}

func run(o options, stdout *bytes.Buffer) error {
	chartYAML, err := ioutil.ReadFile(filepath.Join(o.chartDir, "Chart.yaml"))
	if err != nil {
		return err
	}
	cm, err := yamlUnmarshal(chartYAML)
	if err != nil {
		return fmt.Errorf("Chart.yaml: %v", err)
	}
	cmap, _ := cm.(map[string]interface{})
	str := func(k string) string { s, _ := cmap[k].(string); return s }
	meta := chartMeta{Name: str("name"), Version: str("version"), AppVersion: str("appVersion"),
		Description: str("description"), Type: str("type"), APIVersion: str("apiVersion"), KubeVersion: str("kubeVersion")}
	if meta.Name == "" || meta.Version == "" || meta.APIVersion != "v2" {
		return fmt.Errorf("Chart.yaml: name, version and apiVersion v2 are required")
	}
	if _, err := os.Stat(filepath.Join(o.chartDir, "charts")); err == nil {
		return fmt.Errorf("%s/charts exists: subcharts are not supported by this renderer (and not allowed in Kessai charts)", o.chartDir)
	}
	if deps, ok := cmap["dependencies"]; ok && deps != nil {
		return fmt.Errorf("Chart.yaml declares dependencies: not supported by this renderer (and not allowed in Kessai charts)")
	}

	// Helm validates values against values.schema.json with a Go JSON-schema
	// library, so every "pattern" must be a Go (RE2) regexp: no lookaround, no
	// backreferences. ajv (the TypeScript check) would accept those and Helm would not.
	if b, err := ioutil.ReadFile(filepath.Join(o.chartDir, "values.schema.json")); err == nil {
		var schema interface{}
		if err := json.Unmarshal(b, &schema); err != nil {
			return fmt.Errorf("values.schema.json: %v", err)
		}
		if err := checkPatterns(schema, "#"); err != nil {
			return fmt.Errorf("values.schema.json: %v", err)
		}
	}

	defaults := map[string]interface{}{}
	if _, err := os.Stat(filepath.Join(o.chartDir, "values.yaml")); err == nil {
		if defaults, err = readValuesFile(filepath.Join(o.chartDir, "values.yaml")); err != nil {
			return err
		}
	}
	user := map[string]interface{}{}
	for _, f := range o.valueFiles {
		v, err := readValuesFile(f)
		if err != nil {
			return err
		}
		user = mergeMaps(user, v)
	}
	for _, s := range o.sets {
		if err := setString(user, s); err != nil {
			return err
		}
	}
	values := coalesce(user, defaults)
	if o.showValues {
		b, err := json.MarshalIndent(values, "", "  ")
		if err != nil {
			return err
		}
		stdout.Write(b)
		stdout.WriteString("\n")
		return nil
	}

	// every file under templates/, in lexical order, as Helm names them
	tdir := filepath.Join(o.chartDir, "templates")
	var names []string
	sources := map[string]string{}
	err = filepath.Walk(tdir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(o.chartDir, p)
		name := path.Join(meta.Name, filepath.ToSlash(rel))
		b, err := ioutil.ReadFile(p)
		if err != nil {
			return err
		}
		names = append(names, name)
		sources[name] = string(b)
		return nil
	})
	if err != nil {
		return err
	}
	sort.Strings(names)

	chartFiles := files{}
	_ = filepath.Walk(o.chartDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(o.chartDir, p)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(rel, "templates/") || rel == "Chart.yaml" || rel == "values.yaml" || rel == "values.schema.json" {
			return nil
		}
		b, _ := ioutil.ReadFile(p)
		chartFiles[rel] = b
		return nil
	})

	e := &engine{includedNames: map[string]int{}}
	e.tmpl = template.New("gotpl").Option("missingkey=zero")
	e.tmpl.Funcs(e.funcMap())
	for _, n := range names {
		if _, err := e.tmpl.New(n).Parse(sources[n]); err != nil {
			return fmt.Errorf("parse error in %q: %v", n, err)
		}
	}

	apis := versionSet(append(append([]string{}, builtinAPIVersions...), o.apiVersions...))
	kv := strings.TrimPrefix(o.kubeVersion, "v")
	parts := strings.SplitN(kv, ".", 3)
	for len(parts) < 2 {
		parts = append(parts, "0")
	}
	caps := capabilities{APIVersions: apis, KubeVersion: kubeVersion{Version: "v" + kv, Major: parts[0], Minor: parts[1], GitVersion: "v" + kv}}
	rel := release{Name: o.name, Namespace: o.namespace, Service: "Helm", Revision: 1, IsInstall: !o.isUpgrade, IsUpgrade: o.isUpgrade}
	if o.isUpgrade {
		rel.Revision = 2
	}

	var failures []string
	for _, n := range names {
		base := path.Base(n)
		if strings.HasPrefix(base, "_") || base == "NOTES.txt" {
			continue
		}
		top := map[string]interface{}{
			"Values":       values,
			"Release":      rel,
			"Chart":        meta,
			"Capabilities": caps,
			"Files":        chartFiles,
			"Template":     templateMeta{Name: n, BasePath: path.Join(meta.Name, "templates")},
		}
		var buf strings.Builder
		if err := e.tmpl.ExecuteTemplate(&buf, n, top); err != nil {
			failures = append(failures, cleanupErr(err))
			continue
		}
		out := strings.ReplaceAll(buf.String(), "<no value>", "")
		for _, doc := range docSplit.Split(out, -1) {
			if strings.TrimSpace(doc) == "" {
				continue
			}
			parsed, err := yamlUnmarshal([]byte(doc))
			if err != nil {
				failures = append(failures, fmt.Sprintf("YAML parse error on %s: %v", n, err))
				continue
			}
			if parsed == nil {
				continue // only comments
			}
			m, ok := parsed.(map[string]interface{})
			if !ok {
				failures = append(failures, fmt.Sprintf("%s: a manifest must be a map, got %T", n, parsed))
				continue
			}
			if s, _ := m["apiVersion"].(string); s == "" {
				failures = append(failures, fmt.Sprintf("%s: object has no apiVersion", n))
			}
			if s, _ := m["kind"].(string); s == "" {
				failures = append(failures, fmt.Sprintf("%s: object has no kind", n))
			}
			fmt.Fprintf(stdout, "---\n# Source: %s\n%s\n", n, strings.TrimSpace(doc))
		}
	}
	if len(failures) > 0 {
		return errors.New(strings.Join(failures, "\n"))
	}
	return nil
}

func checkPatterns(v interface{}, at string) error {
	switch t := v.(type) {
	case map[string]interface{}:
		keys := make([]string, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := t[k].(string); ok && k == "pattern" {
				if _, err := regexp.Compile(p); err != nil {
					return fmt.Errorf("%s/pattern %q is not a Go regexp (Helm cannot use it): %v", at, p, err)
				}
				continue
			}
			if err := checkPatterns(t[k], at+"/"+k); err != nil {
				return err
			}
		}
	case []interface{}:
		for i, x := range t {
			if err := checkPatterns(x, fmt.Sprintf("%s/%d", at, i)); err != nil {
				return err
			}
		}
	}
	return nil
}

// cleanupErr shortens text/template's "template: x:12:3: executing ..." noise
// the way Helm does, keeping the file and line.
func cleanupErr(err error) string {
	s := err.Error()
	s = strings.Replace(s, "template: ", "", 1)
	return s
}

func main() {
	var o options
	var valueFiles, sets, apis multiFlag
	flag.StringVar(&o.chartDir, "chart", "", "chart directory")
	flag.Var(&valueFiles, "f", "values file (repeatable, later wins)")
	flag.Var(&sets, "set-string", "key.path=value (repeatable)")
	flag.StringVar(&o.name, "name", "release-name", "release name")
	flag.StringVar(&o.namespace, "namespace", "default", "release namespace")
	flag.BoolVar(&o.isUpgrade, "upgrade", false, "render as an upgrade (.Release.IsUpgrade)")
	flag.Var(&apis, "api-versions", "extra API version for .Capabilities.APIVersions (repeatable)")
	flag.StringVar(&o.kubeVersion, "kube-version", "1.32.0", "Kubernetes version for .Capabilities")
	flag.BoolVar(&o.showValues, "values", false, "print the merged values as JSON instead of rendering")
	flag.Parse()
	if o.chartDir == "" {
		fmt.Fprintln(os.Stderr, "usage: chart-render -chart DIR [-f values.yaml]... [-name R] [-namespace NS] [-values]")
		os.Exit(2)
	}
	o.valueFiles, o.sets, o.apiVersions = valueFiles, sets, apis
	var out bytes.Buffer
	if err := run(o, &out); err != nil {
		fmt.Fprintln(os.Stderr, "Error: "+err.Error())
		os.Exit(1)
	}
	os.Stdout.Write(out.Bytes())
}
