// Command renderer is Helm's template engine (helm.sh/helm/v3/pkg/engine) reduced to what
// `helm template` does offline, compiled to WebAssembly so the chart tests can run it under Node.
// It uses Go's own text/template and the same sprig release Helm 3.14+ pins (v3.2.3), so parse
// rules, whitespace trimming, number types (float64 values) and function semantics are Go's and
// sprig's, not a re-implementation. Chart loading, value coalescing and the schema check happen
// on the JavaScript side (charts/scripts/render.ts).
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"syscall/js"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"sigs.k8s.io/yaml"
)

type request struct {
	Templates    map[string]string      `json:"templates"`
	Files        map[string]string      `json:"files"`
	Values       map[string]interface{} `json:"values"`
	Release      map[string]interface{} `json:"release"`
	Chart        map[string]interface{} `json:"chart"`
	KubeVersion  kubeVersion            `json:"kubeVersion"`
	APIVersions  []string               `json:"apiVersions"`
	Strict       bool                   `json:"strict"`
	LibraryFiles []string               `json:"libraryFiles"`
}

type response struct {
	Manifests map[string]string `json:"manifests,omitempty"`
	Error     string            `json:"error,omitempty"`
}

type kubeVersion struct {
	Version string `json:"version"`
	Major   string `json:"major"`
	Minor   string `json:"minor"`
}

func (k kubeVersion) String() string     { return k.Version }
func (k kubeVersion) GitVersion() string { return k.Version }

type versionSet []string

// Has mirrors chartutil.VersionSet.Has, used as .Capabilities.APIVersions.Has "group/version[/Kind]".
func (v versionSet) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

// files mirrors the subset of helm's engine.files that the charts use.
type files map[string]string

func (f files) Get(name string) string        { return f[name] }
func (f files) GetBytes(name string) []byte   { return []byte(f[name]) }
func (f files) Lines(name string) []string {
	s, ok := f[name]
	if !ok {
		return []string{}
	}
	return strings.Split(strings.TrimRight(s, "\n"), "\n")
}
func (f files) Glob(pattern string) files {
	out := files{}
	for name, body := range f {
		if ok, _ := path.Match(pattern, name); ok {
			out[name] = body
		}
	}
	return out
}

func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(string(data), "\n")
}

func fromYAML(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromYAMLArray(str string) []interface{} {
	a := []interface{}{}
	if err := yaml.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromJSON(str string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(str), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSONArray(str string) []interface{} {
	a := []interface{}{}
	if err := json.Unmarshal([]byte(str), &a); err != nil {
		a = []interface{}{err.Error()}
	}
	return a
}

const recursionMaxNums = 1000

func warnWrap(warn string) string { return "\x00HELM_ERR_START" + warn + "\x00HELM_ERR_END" }

func funcMap(t *template.Template, strict bool) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	included := map[string]int{}
	extra := template.FuncMap{
		"toYaml":        toYAML,
		"fromYaml":      fromYAML,
		"fromYamlArray": fromYAMLArray,
		"toJson":        toJSON,
		"fromJson":      fromJSON,
		"fromJsonArray": fromJSONArray,
		"include": func(name string, data interface{}) (string, error) {
			var buf strings.Builder
			if v, ok := included[name]; ok {
				if v > recursionMaxNums {
					return "", fmt.Errorf("rendering template has a nested reference name: %s: unable to execute template", name)
				}
				included[name]++
			} else {
				included[name] = 1
			}
			err := t.ExecuteTemplate(&buf, name, data)
			included[name]--
			return buf.String(), err
		},
		"tpl": func(tpl string, vals map[string]interface{}) (string, error) {
			clone, err := t.Clone()
			if err != nil {
				return "", err
			}
			if strict {
				clone.Option("missingkey=error")
			} else {
				clone.Option("missingkey=zero")
			}
			clone.Funcs(template.FuncMap{"include": func(name string, data interface{}) (string, error) {
				var buf strings.Builder
				err := clone.ExecuteTemplate(&buf, name, data)
				return buf.String(), err
			}})
			nt, err := clone.New("tpl").Parse(tpl)
			if err != nil {
				return "", fmt.Errorf("cannot parse template %q: %w", tpl, err)
			}
			var buf strings.Builder
			if err := nt.Execute(&buf, vals); err != nil {
				return "", fmt.Errorf("error during tpl function execution for %q: %w", tpl, err)
			}
			return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
		},
		"required": func(warn string, val interface{}) (interface{}, error) {
			if val == nil {
				return val, errors.New(warnWrap(warn))
			}
			if s, ok := val.(string); ok && s == "" {
				return val, errors.New(warnWrap(warn))
			}
			return val, nil
		},
		"fail": func(msg string) (string, error) { return "", errors.New(warnWrap(msg)) },
		// `helm template` has no cluster: lookup answers an empty map, as Helm does offline.
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
	}
	for k, v := range extra {
		f[k] = v
	}
	return f
}

// cleanError turns the HELM_ERR markers into the plain message, as helm's reformatExecErrorMsg does.
func cleanError(err error) string {
	s := err.Error()
	if i := strings.Index(s, "\x00HELM_ERR_START"); i >= 0 {
		j := strings.Index(s, "\x00HELM_ERR_END")
		if j > i {
			prefix := s[:i]
			if k := strings.Index(prefix, ": error calling"); k >= 0 {
				prefix = prefix[:k] + ": "
			}
			return prefix + s[i+len("\x00HELM_ERR_START"):j]
		}
	}
	return s
}

// sortTemplates orders by path depth, deepest first, then by name, as helm's engine does, so a
// parent chart's define wins over a subchart's of the same name.
func sortTemplates(tpls map[string]string) []string {
	keys := make([]string, 0, len(tpls))
	for k := range tpls {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := strings.Split(keys[i], "/"), strings.Split(keys[j], "/")
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return keys[i] < keys[j]
	})
	return keys
}

func render(req request) (out map[string]string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("rendering template failed: %v", r)
		}
	}()
	t := template.New("gotpl")
	if req.Strict {
		t.Option("missingkey=error")
	} else {
		t.Option("missingkey=zero")
	}
	t.Funcs(funcMap(t, req.Strict))
	library := map[string]bool{}
	for _, name := range req.LibraryFiles {
		library[name] = true
	}
	keys := sortTemplates(req.Templates)
	for _, name := range keys {
		if _, err := t.New(name).Parse(req.Templates[name]); err != nil {
			return nil, fmt.Errorf("parse error at (%s): %s", name, err)
		}
	}
	top := map[string]interface{}{
		"Values":  req.Values,
		"Release": req.Release,
		"Chart":   req.Chart,
		"Files":   files(req.Files),
		"Capabilities": map[string]interface{}{
			"KubeVersion": req.KubeVersion,
			"APIVersions": versionSet(req.APIVersions),
		},
	}
	out = map[string]string{}
	for _, name := range keys {
		if strings.HasPrefix(path.Base(name), "_") || library[name] {
			continue
		}
		vals := map[string]interface{}{}
		for k, v := range top {
			vals[k] = v
		}
		vals["Template"] = map[string]interface{}{"Name": name, "BasePath": path.Dir(name)}
		var buf strings.Builder
		if err := t.ExecuteTemplate(&buf, name, vals); err != nil {
			return nil, errors.New(cleanError(err))
		}
		out[name] = strings.ReplaceAll(buf.String(), "<no value>", "")
	}
	return out, nil
}

func main() {
	js.Global().Set("helmRender", js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		var req request
		var res response
		if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
			res.Error = "bad request: " + err.Error()
		} else if m, err := render(req); err != nil {
			res.Error = err.Error()
		} else {
			res.Manifests = m
		}
		b, _ := json.Marshal(res)
		return string(b)
	}))
	select {}
}
